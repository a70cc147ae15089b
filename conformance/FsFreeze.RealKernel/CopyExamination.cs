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
            bool nothingToReplay;
            string detail;
            string options;
            if (type == "ext4")
            {
                string[] header = Commands.Require("dumpe2fs", "-h", copyPath).Split('\n');
                detail = header.FirstOrDefault(static l => l.StartsWith("Filesystem features:", StringComparison.Ordinal))?.Trim() ?? "(no features line)";
                needsRecovery = detail.Contains("needs_recovery", StringComparison.Ordinal);
                string start = header.FirstOrDefault(static l => l.StartsWith("Journal start:", StringComparison.Ordinal))?.Trim() ?? "Journal start: (none)";
                nothingToReplay = start.EndsWith(" 0", StringComparison.Ordinal);
                detail += "; " + start;
                options = needsRecovery ? "ro,noload" : "ro";
            }
            else
            {
                (nothingToReplay, string log) = XfsLog(copyPath);
                detail = log + "; ";
                // A dirty xfs log cannot be replayed on a read-only device, so the plain read-only mount is the test.
                CommandResult plain = Commands.Run("mount", ["-o", "ro,nouuid", loop, mountPoint], TimeSpan.FromSeconds(60));
                needsRecovery = !plain.Succeeded;
                detail += plain.Succeeded ? "mounts ro without recovery" : "ro mount refused: " + plain.Error.Trim();
                if (plain.Succeeded)
                {
                    Scratch.Unmount(mountPoint);
                }

                options = "ro,norecovery,nouuid";
            }

            CommandResult mounted = Commands.Run("mount", ["-o", options, loop, mountPoint], TimeSpan.FromSeconds(60));
            if (!mounted.Succeeded)
            {
                return new CopyVerdict(needsRecovery, options + " (failed)", files, 0, detail + "; " + mounted, nothingToReplay);
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

            return new CopyVerdict(needsRecovery, options, files, present, detail, nothingToReplay);
        }

        /// <summary>
        /// Reads the log of an xfs image with <c>xfs_logprint -t</c> (it only reads the file): the tail/head/state
        /// line, and whether every item logged between tail and head is a superblock buffer. Item headers start in
        /// column 0 ("BUF:", "INO:", "EFI:" ...); a superblock buffer is followed by "SUPER Block Buffer".
        /// </summary>
        private static (bool NothingToReplay, string Summary) XfsLog(string copyPath) => XfsLogSummary(Commands.Require("xfs_logprint", "-t", copyPath));

        /// <summary>Decodes <c>xfs_logprint -t</c> output: nothing to replay when every logged item is a superblock buffer; a one-line summary.</summary>
        public static (bool NothingToReplay, string Summary) XfsLogSummary(string logprintOutput)
        {
            ArgumentNullException.ThrowIfNull(logprintOutput);
            string[] lines = logprintOutput.Split('\n');
            string state = lines.FirstOrDefault(static l => l.Contains("log tail:", StringComparison.Ordinal))?.Trim() ?? "(no log tail line)";
            int items = lines.Count(static l => l.Length > 0 && char.IsAsciiLetterUpper(l[0]) && l.Contains(": ", StringComparison.Ordinal)
                && !l.StartsWith("TRANS:", StringComparison.Ordinal) && !l.StartsWith("LOG REC", StringComparison.Ordinal));
            int superBlocks = lines.Count(static l => l.Contains("SUPER Block Buffer", StringComparison.Ordinal));
            return (items == superBlocks, FormattableString.Invariant($"xfs_logprint: {state}, {items} logged items of which {superBlocks} superblock"));
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
