using System;
using System.Globalization;
using System.IO;
using System.Linq;
using FsFreeze.Guest.Linux.Native;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// FIFREEZE and FITHAW as the backend computes them equal what &lt;linux/fs.h&gt; defines, compiled with gcc here
    /// (as the virtio uapi cross-check does). Ignored, with the reason, without gcc or the header.
    /// </summary>
    public sealed class IoctlNumberTests
    {
        [Test]
        public void GenericLayout_MatchesTheKnownValues()
        {
            Assert.That(IoctlNumbers.FiFreeze, Is.EqualTo(0xC0045877u));
            Assert.That(IoctlNumbers.FiThaw, Is.EqualTo(0xC0045878u));
        }

        [Test]
        public void FreezeAndThawNumbers_EqualLinuxFsH()
        {
            const string header = "/usr/include/linux/fs.h";
            string? gcc = Commands.Find("gcc");
            if (!OperatingSystem.IsLinux() || gcc is null || !File.Exists(header))
            {
                Assert.Ignore($"needs gcc and {header} (Debian: gcc, linux-libc-dev)");
            }

            DirectoryInfo directory = Directory.CreateTempSubdirectory("fsfreeze-ioctl-");
            try
            {
                string source = Path.Combine(directory.FullName, "probe.c");
                string binary = Path.Combine(directory.FullName, "probe");
                File.WriteAllText(source, """
                    #include <stdio.h>
                    #include <linux/fs.h>
                    int main(void) { printf("%lu %lu\n", (unsigned long)FIFREEZE, (unsigned long)FITHAW); return 0; }
                    """);
                CommandResult built = Commands.Run(gcc, ["-std=gnu11", "-Wall", "-Werror", "-o", binary, source]);
                Assert.That(built.Succeeded, Is.True, built.ToString());
                uint[] linux = Commands.Require(binary).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(static v => uint.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                Assert.That(linux, Is.EqualTo(new[] { IoctlNumbers.FiFreeze, IoctlNumbers.FiThaw }));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }
    }
}
