# The virtual board (Tests/HIL/boards/hil-vm.json), as the suite sees it: QEMU's virt machine running Debian's kernel
# with gpio-sim and i2c-stub (scripts/hil-vm-assets.sh builds them, Tests/HIL/vm/init loads them).
# Sourced by run.sh; defines the board interface every board file of the suite provides:
#   board_setup              make the hardware exist (chip, lines, I2C chips, broker) and start the wires
#   board_self_checks        checks of that hardware itself, before pinpost runs
#   board_level PIN          the electrical level (0/1) an output pin drives now
#   board_drive PIN LEVEL    drive a stimulus input to 0/1 from outside (a pull here, a jumpered pin on a Pi)
#   board_pin_bias PIN       the bias the kernel applied to a line ("pull-up", "pull-down", or "" if unknown)
#   board_sensor_off ADDR    take the I2C chip at ADDR off the bus (it stops acknowledging) / board_sensor_on
#   board_teardown           stop what board_setup started
#   BOARD_FILE, BOARD_EXACT  the board reference for the config; 1 when sensor values are known exactly
# The suite plays the wires gpio-sim lacks: a background loop copies each looped-back output's level
# (sysfs value) to its input's pull, as a jumper would.

BOARD_FILE=hil-vm.json
BOARD_EXACT=1
# Output -> input pairs (line numbers) the wire loop connects, as jumpers would on a Pi (docs/hil.md).
HIL_LOOPBACKS="17:27 22:23"
HIL_I2C_CHIPS="0x76 0x18 0x48 0x49"
HIL_GPIO_LABEL=pinpost-hil
HIL_GPIO_LINES=28
HIL_CONFIGFS=/sys/kernel/config/gpio-sim/hil

# GPIO17 -> 17
pin_line() { echo "${1#GPIO}"; }

hil_sim_dir() {
    echo "/sys/devices/platform/$(cat "$HIL_CONFIGFS/dev_name")/$(cat "$HIL_CONFIGFS/bank0/chip_name")"
}

board_setup() {
    # The gpio-sim chip: one bank of 28 lines labelled like the board file's chip, line N named GPION.
    mkdir -p "$HIL_CONFIGFS/bank0" || return 1
    echo "$HIL_GPIO_LINES" > "$HIL_CONFIGFS/bank0/num_lines"
    echo "$HIL_GPIO_LABEL" > "$HIL_CONFIGFS/bank0/label"
    n=0
    while [ "$n" -lt "$HIL_GPIO_LINES" ]; do
        mkdir -p "$HIL_CONFIGFS/bank0/line$n"
        echo "GPIO$n" > "$HIL_CONFIGFS/bank0/line$n/name"
        n=$((n + 1))
    done
    echo 1 > "$HIL_CONFIGFS/live" || return 1
    HIL_SIM_DIR=$(hil_sim_dir)

    # i2c-stub with the suite's chips, then their register images.
    insmod "$HIL_MODULES/i2c-stub.ko" chip_addr="$(echo "$HIL_I2C_CHIPS" | tr ' ' ',')" || return 1
    HIL_I2C_BUS=""
    for d in /sys/bus/i2c/devices/i2c-*; do
        [ "$(cat "$d/name")" = "SMBus stub driver" ] && HIL_I2C_BUS=${d##*/i2c-}
    done
    for image in "$HIL_DIR"/i2c/*.regs; do
        addr=$(basename "$image" .regs)
        addr=${addr##*-}
        grep -v '^#' "$image" | while read -r reg value mode _; do
            [ -n "$reg" ] && i2cset -y "$HIL_I2C_BUS" "$addr" "$reg" "$value" "$mode"
        done
    done

    # The broker pinpost talks to, on the guest's own loopback.
    printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser root\n' "$MQTT_PORT" > "$HIL_WORK/mosquitto.conf"
    board_broker_start

    hil_wire_loop > /dev/null 2>&1 &
    HIL_WIRE_PID=$!
}


# Copies each output's level to its input's pull whenever any of them changes. Polled every 5 ms, because
# sysfs value files cannot be waited on (every 2 ms cost a quarter of a virtual CPU under emulation).
hil_wire_loop() {
    last=""
    while :; do
        now=""
        for pair in $HIL_LOOPBACKS; do
            read -r v < "$HIL_SIM_DIR/sim_gpio${pair%%:*}/value"
            now="$now$v"
        done
        if [ "$now" != "$last" ]; then
            for pair in $HIL_LOOPBACKS; do
                read -r v < "$HIL_SIM_DIR/sim_gpio${pair%%:*}/value"
                if [ "$v" = 1 ]; then echo pull-up; else echo pull-down; fi > "$HIL_SIM_DIR/sim_gpio${pair#*:}/pull"
            done
            last=$now
        fi
        usleep 5000
    done
}

board_teardown() {
    kill "$HIL_WIRE_PID" 2>/dev/null
    board_broker_stop
}

board_level() {
    cat "$HIL_SIM_DIR/sim_gpio$(pin_line "$1")/value"
}

board_drive() {
    if [ "$2" = 1 ]; then echo pull-up; else echo pull-down; fi > "$HIL_SIM_DIR/sim_gpio$(pin_line "$1")/pull"
}

board_pin_bias() {
    cat "$HIL_SIM_DIR/sim_gpio$(pin_line "$1")/pull"
}

# i2c-stub looks the address up on every transfer: replacing it with the unused 0x03 makes the chip NAK
# (ENXIO, as a real adapter reports an unacknowledged address) while its registers are kept.
board_sensor_off() {
    echo "$HIL_I2C_CHIPS" | sed "s/$1/0x03/; s/ /,/g" > /sys/module/i2c_stub/parameters/chip_addr
}
board_sensor_on() {
    echo "$HIL_I2C_CHIPS" | tr ' ' ',' > /sys/module/i2c_stub/parameters/chip_addr
}

# The kernel's view of requested lines (debugfs): "gpio-N (NAME |consumer) in/out hi/lo".
board_line_state() {
    grep -E "^ *gpio-[0-9]+ +\($1 +\|" /sys/kernel/debug/gpio
}

# --- Checks of the virtual hardware itself (the first PASS/FAIL lines).
hil_check_gpiochip() {
    chip=""
    for c in /sys/class/gpio/gpiochip*; do
        [ "$(cat "$c/label" 2>/dev/null)" = "$HIL_GPIO_LABEL" ] && chip=$c
    done
    [ -n "$chip" ] || { echo "no gpiochip labelled $HIL_GPIO_LABEL"; return 1; }
    lines=$(cat "$chip/ngpio")
    node=/dev/$(cat "$HIL_CONFIGFS/bank0/chip_name")
    [ "$lines" = "$HIL_GPIO_LINES" ] || { echo "$lines lines, want $HIL_GPIO_LINES"; return 1; }
    [ -c "$node" ] || { echo "$node is not a character device"; return 1; }
    echo "$node, label $HIL_GPIO_LABEL, $lines lines"
}

hil_check_line_names() {
    n=$(grep -c '^ *gpio-[0-9]* *(GPIO[0-9]* ' /sys/kernel/debug/gpio 2>/dev/null)
    # Named lines are listed by debugfs even while unrequested.
    [ "$n" -ge "$HIL_GPIO_LINES" ] || { echo "$n named lines in /sys/kernel/debug/gpio"; grep -A3 "$HIL_GPIO_LABEL" /sys/kernel/debug/gpio; return 1; }
    echo "GPIO0..GPIO$((HIL_GPIO_LINES - 1))"
}

hil_check_wire() {
    # GPIO17 is not requested yet, so its value is its pull: pull it up and down and watch GPIO27 follow.
    echo pull-up > "$HIL_SIM_DIR/sim_gpio17/pull"
    wait_for 2 '[ "$(cat "$HIL_SIM_DIR/sim_gpio27/value")" = 1 ]' || { echo "GPIO27 did not follow GPIO17 up"; return 1; }
    echo pull-down > "$HIL_SIM_DIR/sim_gpio17/pull"
    wait_for 2 '[ "$(cat "$HIL_SIM_DIR/sim_gpio27/value")" = 0 ]' || { echo "GPIO27 did not follow GPIO17 down"; return 1; }
    echo "GPIO17 -> GPIO27 and GPIO22 -> GPIO23 copied every 5 ms"
}

hil_check_i2c_chip() {   # ADDR REG WANT MODE
    got=$(i2cget -y "$HIL_I2C_BUS" "$1" "$2" "$4" 2>&1) || { echo "i2cget $1 $2: $got"; return 1; }
    [ "$got" = "$3" ] || { echo "register $2 is $got, want $3"; return 1; }
    echo "/dev/i2c-$HIL_I2C_BUS"
}

hil_check_nak() {
    board_sensor_off 0x76
    out=$(i2cget -y "$HIL_I2C_BUS" 0x76 0xd0 2>&1)
    rc=$?
    board_sensor_on 0x76
    [ $rc != 0 ] || { echo "0x76 still answered ($out) after chip_addr changed"; return 1; }
    again=$(i2cget -y "$HIL_I2C_BUS" 0x76 0xd0 2>&1)
    [ "$again" = 0x60 ] || { echo "0x76 answers $again after coming back, want 0x60"; return 1; }
    echo "off: $out; back with registers kept"
}

# The address of the suite's absent sensor ("HIL Absent" in pinpost-hil.json) must stay empty.
hil_check_empty_address() {   # ADDR
    out=$(i2cget -y "$HIL_I2C_BUS" "$1" 0x01 w 2>&1) && { echo "something answers at $1 ($out)"; return 1; }
    echo "$out"
}

board_self_checks() {
    check "gpio-sim chip present with $HIL_GPIO_LINES lines" hil_check_gpiochip
    check "gpio-sim lines named GPION (board file pins resolve by line)" hil_check_line_names
    check "suite wire loop copies outputs to looped-back inputs" hil_check_wire
    check "i2c-stub answers BME280 chip id 0x60 at 0x76" hil_check_i2c_chip 0x76 0xd0 0x60 b
    check "i2c-stub answers MCP9808 manufacturer id 0x0054 at 0x18" hil_check_i2c_chip 0x18 0x06 0x5400 w
    check "i2c-stub answers TMP102 config 0x60A0 at 0x49" hil_check_i2c_chip 0x49 0x01 0xa060 w
    check "i2c-stub answers ADS1115 config 0x8583 at 0x48" hil_check_i2c_chip 0x48 0x01 0x8385 w
    check "a sensor taken off the bus NAKs and comes back" hil_check_nak
    check "nothing answers at 0x4b (the absent sensor's address)" hil_check_empty_address 0x4b
}
