using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Linux;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// The end to end on the real kernel (issue 7): a fresh image is loop-mounted and files are written into it
    /// (write(2) returned, nothing synced); then either the reference device sends FREEZE over the virtqueue, the
    /// driver model freezes the real filesystem through <see cref="LinuxFilesystems"/>, the orchestrator copies the
    /// image file and the device sends THAW, or (without the freeze) the image is copied as it is. The copy is then
    /// examined read-only (<see cref="CopyExamination"/>). All of it lives in one <see cref="Scratch"/> folder.
    /// </summary>
    public static class RealSnapshotRun
    {
        /// <summary>Files written before the snapshot.</summary>
        public const int DefaultFiles = 16;

        /// <summary>Runs one snapshot of a fresh <paramref name="fsType"/> image in <paramref name="mode"/>.</summary>
        /// <exception cref="InvalidOperationException">A tool failed, or the orchestrator never completed.</exception>
        public static RealSnapshotReport Execute(string fsType, RealSnapshotMode mode, int files = DefaultFiles)
        {
            using var scratch = new Scratch();
            LoopImage image = LoopImage.Create(scratch, fsType, "fs");

            // Everything written here is acknowledged (write(2) returned) before the FREEZE is even sent.
            for (int i = 0; i < files; i++)
            {
                File.WriteAllText(Path.Combine(image.MountPoint, CopyExamination.FileName(i)), CopyExamination.FileContent(i));
            }

            string copyPath = Path.Combine(scratch.Root, "copy.img");
            var disk = new ImageFileDisk(fsType, image.ImagePath, copyPath);
            SnapshotResult? snapshot = null;
            TimeSpan frozen = TimeSpan.Zero;
            string[] calls = [];
            if (mode == RealSnapshotMode.FsFreeze)
            {
                var vm = new RealKernelVm(new MountAllowList([image.MountPoint]));
                var clock = Stopwatch.StartNew();
                snapshot = vm.Snapshot([disk]);
                frozen = clock.Elapsed;
                calls = vm.Filesystems.Calls.ToArray();
            }
            else
            {
                disk.Copy();
            }

            CopyVerdict verdict = CopyExamination.Examine(scratch, fsType, copyPath, files, "copy");
            return new RealSnapshotReport(fsType, mode, snapshot, verdict, frozen, calls);
        }
    }
}
