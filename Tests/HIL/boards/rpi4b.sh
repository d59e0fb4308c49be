# A Raspberry Pi 4 wired for the suite (docs/hil.md "Wiring"). Sourced by run.sh; the board interface is
# described in hil-vm.sh. Jumpers do what the virtual board's wire loop does:
#   header 11 (GPIO17) <-> 13 (GPIO27)    output key 1 of "HIL Outputs" -> input key 1 of "HIL Inputs"
#   header 15 (GPIO22) <-> 16 (GPIO23)    output key 2 (active-low)     -> input key 2
#   header 36 (GPIO16) <-> 18 (GPIO24)    the suite's stimulus (gpioset) -> input key 3
# GPIO6 and GPIO13 (header 31, 33) stay unconnected: their level is their bias. Sensors on I2C1 (header 3
# SDA, 5 SCL, 1 3V3, 9 GND): BME280 at 0x76, MCP9808 at 0x18, TMP102 at 0x49 (ADD0 to V+), ADS1115 at 0x48
# (ADDR to GND) with AIN0 at a known voltage; nothing at 0x4b (the config's "HIL Absent" sensor). Needs root (GPIO, i2c-dev, debugfs), mosquitto,
# mosquitto-clients, i2c-tools and gpiod (apt-get install mosquitto mosquitto-clients i2c-tools gpiod).

BOARD_FILE=rpi4b
BOARD_EXACT=0
# The suite's own broker, beside a system mosquitto that may hold 1883.
MQTT_PORT=18830
HIL_PI_CHIP=pinctrl-bcm2711
HIL_PI_BUS=1

# The suite's stimulus pin for each input it drives from outside.
stimulus_of() {
    case $1 in GPIO24) echo 16 ;; *) return 1 ;; esac
}

board_setup() {
    for tool in mosquitto mosquitto_pub mosquitto_sub i2cget gpioset; do
        command -v "$tool" > /dev/null || { echo "missing $tool"; return 1; }
    done
    grep -q ' /sys/kernel/debug ' /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug
    # A broker of the suite's own on the loopback (another port, in case the system broker runs on 1883).
    printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$MQTT_PORT" > "$HIL_WORK/mosquitto.conf"
    board_broker_start
}


board_teardown() {
    [ -s "$HIL_WORK/stimulus.pid" ] && kill "$(cat "$HIL_WORK/stimulus.pid")" 2>/dev/null
    board_broker_stop
}

# An output's level as the jumpered input shows it: the input is pinpost's, so ask the kernel through the
# debugfs line state of the output itself ("out hi" / "out lo").
board_level() {
    case $(board_line_state "$1") in *" out hi"*) echo 1 ;; *" out lo"*) echo 0 ;; *) echo "?" ;; esac
}

# Drives the stimulus pin with gpioset (libgpiod 1.6: --mode=signal keeps the line until killed).
board_drive() {
    line=$(stimulus_of "$1") || { echo "no stimulus wired to $1"; return 1; }
    [ -s "$HIL_WORK/stimulus.pid" ] && kill "$(cat "$HIL_WORK/stimulus.pid")" 2>/dev/null && sleep 0.05
    gpioset --mode=signal "$HIL_PI_CHIP" "$line=$2" &
    echo $! > "$HIL_WORK/stimulus.pid"
    sleep 0.05
}

# The bias is not visible from user space on a Pi (the BCM2711 has no readable pull state): unknown.
board_pin_bias() { echo ""; }

# A real sensor cannot be unplugged by a script: the sensor-fault checks SKIP unless a relay or a GPIO
# powering the sensor is wired, in which case edit these two functions to switch it.
board_sensor_off() { echo "rpi4b: no switched sensor power wired"; return 1; }
board_sensor_on() { return 0; }

board_line_state() {
    grep -E "^ *gpio-[0-9]+ +\($1 +\|" /sys/kernel/debug/gpio
}

hil_pi_check_chip() {
    gpiodetect | grep -q "\[$HIL_PI_CHIP\] (58 lines)" || { echo "no $HIL_PI_CHIP with 58 lines: $(gpiodetect | tr '\n' ' ')"; return 1; }
    gpiodetect | grep "\[$HIL_PI_CHIP\]"
}
hil_pi_check_i2c() {   # ADDR REG WANT MODE
    got=$(i2cget -y "$HIL_PI_BUS" "$1" "$2" "$4" 2>&1) || { echo "i2cget $1 $2: $got"; return 1; }
    [ "$got" = "$3" ] || { echo "register $2 is $got, want $3"; return 1; }
    echo "/dev/i2c-$HIL_PI_BUS"
}
hil_pi_check_empty() {   # ADDR
    out=$(i2cget -y "$HIL_PI_BUS" "$1" 0x01 w 2>&1) && { echo "something answers at $1 ($out): move it, the suite expects no chip there"; return 1; }
    echo "$out"
}
board_self_checks() {
    check "header gpiochip $HIL_PI_CHIP present" hil_pi_check_chip
    check "BME280 chip id 0x60 at 0x76 on i2c-1" hil_pi_check_i2c 0x76 0xd0 0x60 b
    check "MCP9808 manufacturer id 0x0054 at 0x18 on i2c-1" hil_pi_check_i2c 0x18 0x06 0x5400 w
    check "TMP102 answers at 0x49 on i2c-1" hil_pi_check_i2c 0x49 0x02 0x004b w
    check "ADS1115 answers at 0x48 on i2c-1" hil_pi_check_i2c 0x48 0x02 0x0080 w
    check "nothing answers at 0x4b on i2c-1 (the absent sensor's address)" hil_pi_check_empty 0x4b
}
