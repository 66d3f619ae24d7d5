// errno values (include/uapi/asm-generic/errno-base.h, errno.h) and their strerror texts
// as glibc prints them, since kmod tools print strerror(errno).
export const EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
  EBADF = 9, EAGAIN = 11, EWOULDBLOCK = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17,
  ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28,
  ESPIPE = 29, EROFS = 30, EPIPE = 32, ENAMETOOLONG = 36, EOVERFLOW = 75, ERESTARTSYS = 512, ENOIOCTLCMD = 515, ERANGE = 34, ENOSYS = 38, ENODATA = 61, ETIME = 62,
  ENOPKG = 65, EBADMSG = 74, EKEYREJECTED = 129, ENOKEY = 126, ETIMEDOUT = 110, ENOTSUPP = 524;

const TEXT: Record<number, string> = {
  [EPERM]: 'Operation not permitted', [ENOENT]: 'No such file or directory', [ESRCH]: 'No such process',
  [EINTR]: 'Interrupted system call', [EIO]: 'Input/output error', [ENXIO]: 'No such device or address',
  [E2BIG]: 'Argument list too long', [ENOEXEC]: 'Exec format error', [EBADF]: 'Bad file descriptor',
  [EAGAIN]: 'Resource temporarily unavailable', [ENOMEM]: 'Cannot allocate memory',
  [EACCES]: 'Permission denied', [EFAULT]: 'Bad address', [EBUSY]: 'Device or resource busy',
  [EEXIST]: 'File exists', [ENODEV]: 'No such device', [ENOTDIR]: 'Not a directory', [EISDIR]: 'Is a directory',
  [EINVAL]: 'Invalid argument', [ENFILE]: 'Too many open files in system', [EMFILE]: 'Too many open files',
  [ENOTTY]: 'Inappropriate ioctl for device', [EFBIG]: 'File too large', [ESPIPE]: 'Illegal seek',
  [EROFS]: 'Read-only file system', [EPIPE]: 'Broken pipe', [ENAMETOOLONG]: 'File name too long',
  [EOVERFLOW]: 'Value too large for defined data type',
  [ENOSPC]: 'No space left on device', [ERANGE]: 'Numerical result out of range',
  [ENOSYS]: 'Function not implemented', [ENODATA]: 'No data available', [ETIME]: 'Timer expired',
  [ENOPKG]: 'Package not installed', [EBADMSG]: 'Bad message', [ENOKEY]: 'Required key not available',
  [EKEYREJECTED]: 'Key was rejected by service', [ETIMEDOUT]: 'Connection timed out',
  [ENOTSUPP]: 'Unknown error 524',
};

export function strerror(errno: number): string {
  return TEXT[errno] ?? `Unknown error ${errno}`;
}

/** A kernel error carrying a positive errno, as syscalls return -errno. */
export class KernelError extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? strerror(errno));
  }
}
