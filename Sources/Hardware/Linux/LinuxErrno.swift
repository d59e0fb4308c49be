// errno → error kind, for the Linux backends. The kinds are what the agent acts on ("sensor absent" versus
// "bus broken", "pin taken by another program"); the errno itself stays in the error for the log.
// I2C codes follow the kernel's Documentation/i2c/fault-codes.rst.
import CSystem

extension GPIOError {
    init(errno code: Int32, chip: String, line: Int?, operation: String) {
        let kind: Kind
        switch code {
        case ENOENT, ENODEV, ENXIO: kind = .chipMissing
        case EACCES, EPERM: kind = .permissionDenied
        case EBUSY: kind = .lineBusy
        case EOPNOTSUPP, ENOSYS: kind = .unsupported
        case EINVAL, ENOTTY: kind = .invalidArgument
        default: kind = .io
        }
        self.init(kind, chip: chip, line: line, operation: operation, errno: code)
    }
}

extension I2CError {
    init(errno code: Int32, bus: String, address: UInt8, operation: String) {
        let kind: Kind
        switch code {
        case ENOENT, ENODEV: kind = .busMissing
        case EACCES, EPERM: kind = .permissionDenied
        // ENXIO: the address was not acknowledged; EREMOTEIO: a data byte was not (some adapters use it
        // for both).
        case ENXIO, EREMOTEIO: kind = .noAcknowledge
        case ETIMEDOUT: kind = .timeout
        // EBADMSG: bad PEC; EPROTO: an SMBus block count out of range.
        case EBADMSG, EPROTO: kind = .badResponse
        case EINVAL: kind = .invalidArgument
        // EAGAIN: arbitration lost; EIO, EOPNOTSUPP, EBUSY (address claimed by a kernel driver): bus level.
        default: kind = .busError
        }
        self.init(kind, bus: bus, address: address, operation: operation, errno: code)
    }
}
