using System;
using System.Collections.Generic;
using System.IO;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// A fresh temporary folder for one check, and the undo list of everything the check created in it. Disposing
    /// first thaws every mount it made (oldest first, so the filesystem under a stacked one thaws before the one on
    /// it), then undoes the rest newest first (unmount, detach the loop device) and deletes the folder. Every step
    /// runs even when an earlier one failed; the failures are reported together at the end.
    /// </summary>
    public sealed class Scratch : IDisposable
    {
        private readonly Stack<(string What, Action Undo)> undo = new();
        private readonly List<string> mounts = new();
        private readonly FreezeIoctl ioctl = new();
        private bool disposed;

        /// <summary>Creates the folder under the system's temporary directory.</summary>
        public Scratch(string prefix = "fsfreeze-rk-")
        {
            Root = Directory.CreateTempSubdirectory(prefix).FullName;
        }

        /// <summary>The folder: images, mount points and copies all live under it.</summary>
        public string Root { get; }

        /// <summary>The mount points this scratch made, oldest first: the allow-list of the checks.</summary>
        public IReadOnlyList<string> Mounts => mounts;

        /// <summary>Runs <paramref name="action"/> at disposal, before whatever was registered earlier.</summary>
        public void OnDispose(string what, Action action) => undo.Push((what, action));

        /// <summary>Records a mount point made here: thawed first and unmounted at disposal.</summary>
        public void AddMount(string mountPoint)
        {
            mounts.Add(mountPoint);
            OnDispose($"umount {mountPoint}", () => Unmount(mountPoint));
        }

        /// <summary>Unmounts <paramref name="mountPoint"/> (lazily if a plain unmount fails) and forgets it.</summary>
        public static void Unmount(string mountPoint)
        {
            CommandResult result = Commands.Run("umount", [mountPoint], TimeSpan.FromSeconds(60));
            if (!result.Succeeded)
            {
                Commands.Require("umount", "-l", mountPoint);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            var failures = new List<string>();

            // Thaw whatever is still frozen, bottom of a stack first; EINVAL means it was not frozen.
            foreach (string mountPoint in mounts)
            {
                while (true)
                {
                    Errno thaw = ioctl.Thaw(mountPoint);
                    if (thaw != Errno.None)
                    {
                        break;
                    }
                }
            }

            while (undo.Count > 0)
            {
                (string what, Action action) = undo.Pop();
                try
                {
                    action();
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    failures.Add($"{what}: {e.Message}");
                }
            }

            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"delete {Root}: {e.Message}");
            }

            if (failures.Count > 0)
            {
                throw new InvalidOperationException("cleanup failed: " + string.Join("; ", failures));
            }
        }
    }
}
