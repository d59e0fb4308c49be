# I2C sensors read through /dev/i2c-N by pinpost's real drivers. On the virtual board the readings are
# known exactly from the register images (Tests/HIL/i2c/*.regs, datasheet facts); on a real board they must
# be plausible. i2c-stub is a register file, so only register-mapped chips are here: SHT3x and BH1750
# (command-based) are covered by the simulated bus in the unit tests and by real boards.

# sensor_value DEVICE KEY: the latest telemetry value of KEY for DEVICE.
sensor_value() {
    telemetry_values "$1" "$2" | tail -1 | cut -d' ' -f2
}

# expect_reading DEVICE KEY EXACT TOLERANCE MIN MAX: exact +-tolerance on the virtual board, within
# [MIN, MAX] on a real one.
expect_reading() {
    need_pinpost
    device=$1 key=$2
    wait_for 5 '[ -n "$(sensor_value "$device" "$key")" ]' || { echo "no \"$2\" telemetry from $1 in 5 s"; return 1; }
    v=$(sensor_value "$1" "$2")
    if [ "$BOARD_EXACT" = 1 ]; then
        near "$v" "$3" "$4" || { echo "$2 = $v, want $3 +- $4"; return 1; }
        echo "$2 = $v (want $3 +- $4)"
    else
        awk -v v="$v" -v lo="$5" -v hi="$6" 'BEGIN { exit !(v >= lo && v <= hi) }' || { echo "$2 = $v outside [$5, $6]"; return 1; }
        echo "$2 = $v"
    fi
}

hil_check_read_rpc() {
    need_pinpost
    data=$(rpc "HIL BME280" read '') || { echo "$data"; return 1; }
    case $data in *'"success":false'*) echo "error reply: $data"; return 1 ;; esac
    v=$(json_field "$data" temperature)
    [ -n "$v" ] || { echo "no temperature in $data"; return 1; }
    [ "$BOARD_EXACT" != 1 ] || near "$v" 25.08 0.01 || { echo "temperature $v, want 25.08: $data"; return 1; }
    echo "$data"
}

# BME280: BMP280 datasheet worked example (adc_T 519888 -> 25.08 degC, adc_P 415148 -> 100653.27 Pa),
# humidity 26.47 %RH from adc_H 0x6000 with the image's calibration.
check "BME280 temperature via /dev/i2c (25.08 degC)" expect_reading "HIL BME280" temperature 25.08 0.01 -40 85
check "BME280 pressure via /dev/i2c (1006.53 hPa)" expect_reading "HIL BME280" pressure 1006.53 0.02 300 1100
check "BME280 humidity via /dev/i2c (26.47 %RH)" expect_reading "HIL BME280" humidity 26.47 0.1 0 100
# MCP9808: ambient register 0x0191 = 25.0625 degC.
check "MCP9808 temperature via /dev/i2c (25.0625 degC)" expect_reading "HIL MCP9808" temperature 25.0625 0.001 -40 125
# TMP102: temperature register 0xFA80 = -5.5 degC (sign extension).
check "TMP102 negative temperature via /dev/i2c (-5.5 degC)" expect_reading "HIL TMP102" temperature -5.5 0.001 -40 125
# ADS1115: conversion 0x4000 at gain 1 (+-4.096 V) = 2.048 V.
check "ADS1115 ain0 via /dev/i2c (2.048 V)" expect_reading "HIL ADS1115" ain0 2.048 0.001 -0.3 4.096
check "read RPC returns a fresh BME280 reading" hil_check_read_rpc
