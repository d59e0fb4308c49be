// The text of `pinpost --help`. Kept next to the parser it describes; README "Usage" repeats it.

let pinpostVersion = "0.1.0"

let helpText = """
usage: pinpost COMMAND [OPTIONS]

A ThingsBoard gateway for Raspberry-Pi-class boards: GPIO pins and I2C sensors as child devices.

commands:
  run   -c FILE [overrides]   connect and run the gateway until SIGTERM/SIGINT (SIGHUP reloads FILE)
  check -c FILE [overrides]   validate FILE and its board, print the devices and pins it would connect
  status -c FILE | --file F   the running agent's status (connection, buffer, devices) from its status file
  probe -c FILE               scan the board's I2C buses (read-only) and name the chips found
  claim DEVICE -c FILE [--secret S] [--duration-ms N]
                              send a ThingsBoard claim request for a configured device (a short
                              session of its own: a running gateway reconnects right after it)
  --version                   print the version and the C libraries linked in
  --help                      print this text

options of run, check, probe and claim:
  -c, --config FILE    the config file (default \(defaultConfigPath))
  --host HOST          override connection.host
  --port PORT          override connection.port
  --token TOKEN        override the access token (prefer the config file: a token on the command line
                       is visible to other users in the process list)
  --ca FILE            override connection.tls.caFile (turns TLS on)
  --log-level LEVEL    error, warn, info or debug
  -v                   the same as --log-level debug

exit codes:
  0   success (run: clean shutdown)
  2   the config or board file is invalid (every problem printed as file:field: reason)
  69  claim: the broker could not be reached or did not acknowledge the claim;
      status: no status file, or it is stale (the agent is not running)
  74  run: the buffer file is locked by another pinpost or holds another ring size
      or format (path and cause printed); an unusable file means a memory buffer instead
  64  the command line is wrong
  70  internal error (a bug: please report it)

"""
