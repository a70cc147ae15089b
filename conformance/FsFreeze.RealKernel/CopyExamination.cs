using System;
using System.IO;
using System.Linq;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// Examines a copied image without changing it: the copy is attached read-only (<c>losetup -r</c>), so no journal
    /// replay can happen behind the check's back, then mounted read-only under the scratch folder to count files.
    /// </summary>
    public static class CopyExamination
    {
        /// <summary>Examines <paramref name="copyPath"/>, a copy of a <paramref name="type"/> image, for files f0..f(n-1) written by <see cref="FileContent"/>.</summary>
        public static CopyVerdict Examine(Scratch scratch, string type, string copyPath, int files, string name)
        {
            ArgumentNullException.ThrowIfNull(scratch);
            string loop = Commands.Require("losetup", "-f", "--show", "-r", copyPath).Trim();
            scratch.OnDispose($"losetup -d {loop}", () => Commands.Require("losetup", "-d", loop));
            string mountPoint = Path.Combine(scratch.Root, name);
            Directory.CreateDirectory(mountPoint);
            bool needsRecovery;
            string detail;
            string options;
            if (type == "ext4")
            {
                detail = Commands.Require("dumpe2fs", "-h", copyPath).Split('\n').FirstOrDefault(static l => l.StartsWith("Filesystem features:", StringComparison.Ordinal))?.Trim() ?? "(no features line)";
                needsRecovery = detail.Contains("needs_recovery", StringComparison.Ordinal);
                options = needsRecovery ? "ro,noload" : "ro";
            }
            else
            {
                // A dirty xfs log cannot be replayed on a read-only device, so the plain read-only mount is the test.
                CommandResult plain = Commands.Run("mount", ["-o", "ro,nouuid", loop, mountPoint], TimeSpan.FromSeconds(60));
                needsRecovery = !plain.Succeeded;
                detail = plain.Succeeded ? "mounts ro without recovery" : "ro mount refused: " + plain.Error.Trim();
                if (plain.Succeeded)
                {
                    Scratch.Unmount(mountPoint);
                }

                options = "ro,norecovery,nouuid";
            }

            CommandResult mounted = Commands.Run("mount", ["-o", options, loop, mountPoint], TimeSpan.FromSeconds(60));
            if (!mounted.Succeeded)
            {
                return new CopyVerdict(needsRecovery, options + " (failed)", files, 0, detail + "; " + mounted);
            }

            int present;
            try
            {
                present = Enumerable.Range(0, files).Count(i => Matches(Path.Combine(mountPoint, FileName(i)), FileContent(i)));
            }
            finally
            {
                Scratch.Unmount(mountPoint);
            }

            return new CopyVerdict(needsRecovery, options, files, present, detail);
        }

        /// <summary>The name of the <paramref name="index"/>th test file.</summary>
        public static string FileName(int index) => FormattableString.Invariant($"f{index}");

        /// <summary>The content of the <paramref name="index"/>th test file (a few KiB, so it spans pages).</summary>
        public static string FileContent(int index) => string.Concat(Enumerable.Repeat(FormattableString.Invariant($"file {index} of the fsfreeze real-kernel check\n"), 100));

        private static bool Matches(string path, string content)
        {
            try
            {
                return File.Exists(path) && File.ReadAllText(path) == content;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
