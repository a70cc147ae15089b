using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// ioctl(fd, FIFREEZE) on an open directory at <paramref name="path"/> (fs/ioctl.c ioctl_fsfreeze, notes §1.5):
        /// EPERM without CAP_SYS_ADMIN, EOPNOTSUPP if the type has no <c>->freeze_fs</c>, else
        /// freeze_super(USERSPACE) without MAY_NEST, so a second FIFREEZE (also through a bind mount) is EBUSY.
        /// </summary>
        public SimOperation<Errno> IoctlFreeze(string path, bool capSysAdmin = true) =>
            new($"FIFREEZE {path}", op => IoctlBody(op, path, capSysAdmin, freeze: true));

        /// <summary>
        /// ioctl(fd, FITHAW) (ioctl_fsthaw): EPERM without CAP_SYS_ADMIN, else thaw_super(USERSPACE): EINVAL when not
        /// frozen or when only the kernel holds it.
        /// </summary>
        public SimOperation<Errno> IoctlThaw(string path, bool capSysAdmin = true) =>
            new($"FITHAW {path}", op => IoctlBody(op, path, capSysAdmin, freeze: false));

        private IEnumerable<Wait> IoctlBody(SimOperation<Errno> op, string path, bool capSysAdmin, bool freeze)
        {
            (Mount? mount, _) = Resolve(path);
            if (mount is null)
            {
                op.Complete(Errno.ENOENT);
                yield break;
            }

            if (!capSysAdmin)
            {
                op.Complete(Errno.EPERM);
                yield break;
            }

            SuperBlock sb = mount.SuperBlock;
            if (freeze && !sb.Type.HasFreezeFs)
            {
                op.Complete(Errno.EOPNOTSUPP);
                yield break;
            }

            SimOperation<Errno> call = freeze ? FreezeSuper(sb, FreezeHolder.Userspace) : ThawSuper(sb, FreezeHolder.Userspace);
            foreach (Wait wait in call)
            {
                yield return wait;
            }

            op.Complete(call.Result);
        }
    }
}
