using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// One User-Mode Linux guest: a hostfs root made by tools/uml/make-root.sh (busybox init, the module, a
    /// scenario script), ubd disks from <see cref="DiskImage"/>, console output in a file the test reads, and a
    /// hard timeout after which the kernel is killed. The host and the guest share the root folder: the host
    /// signals a running scenario by creating files in it (<see cref="Signal"/>).
    /// </summary>
    public sealed class UmlGuest : IDisposable
    {
        private readonly List<DiskImage> disks = new();
        private Process? process;

        /// <summary>Creates an empty guest under a fresh temporary folder.</summary>
        public UmlGuest()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("fsfreeze-uml-").FullName;
            Root = Path.Combine(Directory, "root");
            ConsolePath = Path.Combine(Directory, "console.log");
        }

        /// <summary>The guest's temporary folder (root, images, console).</summary>
        public string Directory { get; }

        /// <summary>The hostfs root.</summary>
        public string Root { get; }

        /// <summary>The console file (kernel log and init output).</summary>
        public string ConsolePath { get; }

        /// <summary>The module init loads (insmod) before the scenario: <see cref="UmlEnvironment.Module"/> unless set.</summary>
        public string Module { get; set; } = UmlEnvironment.Module;

        /// <summary>The disks, in ubd order.</summary>
        public IReadOnlyList<DiskImage> Disks => disks;

        /// <summary>Whether the kernel process has exited.</summary>
        public bool HasExited => process is null || process.HasExited;

        /// <summary>Everything on the console so far.</summary>
        public string Console => File.Exists(ConsolePath) ? File.ReadAllText(ConsolePath) : string.Empty;

        /// <summary>Adds a disk of <paramref name="fsType"/>, mounted by init at /mnt/&lt;fstype&gt;.</summary>
        public DiskImage AddDisk(string fsType)
        {
            DiskImage disk = DiskImage.Create(Directory, disks.Count, fsType);
            disks.Add(disk);
            return disk;
        }

        /// <summary>
        /// Prepares the root and boots. <paramref name="scenario"/> is a busybox sh script init runs after insmod;
        /// <paramref name="socket"/> (a vhost-user socket) adds <c>virtio_uml.device=SOCKET:65535</c>.
        /// </summary>
        public void Boot(string scenario, string? socket = null, bool insmod = true)
        {
            string scenarioPath = Path.Combine(Directory, "scenario.sh");
            File.WriteAllText(scenarioPath, scenario);
            System.IO.Directory.CreateDirectory(Root);
            File.WriteAllLines(Path.Combine(Root, "disks"), disks.Select(d => $"{d.Ubd} {d.MountPoint} {d.FsType}"));
            if (!insmod)
            {
                File.WriteAllText(Path.Combine(Root, "no-insmod"), string.Empty);
            }

            string makeRoot = Path.Combine(UmlEnvironment.RepositoryRoot, "tools", "uml", "make-root.sh");
            HostCommand.Check(makeRoot, TimeSpan.FromSeconds(60), Root, Module, scenarioPath);

            var arguments = new List<string>();
            for (int i = 0; i < disks.Count; i++)
            {
                arguments.Add($"ubd{i}={disks[i].Path}");
            }

            arguments.AddRange(["root=/dev/root", "rootfstype=hostfs", $"rootflags={Root}", "rw", "init=/init", "mem=192M", "con=null", "con0=null,fd:1"]);
            if (socket is not null)
            {
                arguments.Add($"virtio_uml.device={socket}:65535");
            }

            // Through sh so the console is a plain file (no pipe to drain) and stdin is /dev/null.
            string command = "exec " + Quote(UmlEnvironment.Kernel!) + " " + string.Join(' ', arguments.Select(Quote))
                + " </dev/null >" + Quote(ConsolePath) + " 2>&1";
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            // UML backs guest memory with a file in TMPDIR; keep it with the guest.
            start.Environment["TMPDIR"] = Directory;
            process = Process.Start(start) ?? throw new InvalidOperationException("linux did not start");
        }

        /// <summary>Waits until the console shows <paramref name="text"/>; fails with the console on timeout or exit.</summary>
        public void WaitFor(string text, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (!Console.Contains(text, StringComparison.Ordinal))
            {
                if (HasExited && !Console.Contains(text, StringComparison.Ordinal))
                {
                    Assert.Fail($"the guest exited before printing \"{text}\". Console:\n{Console}");
                }

                if (clock.Elapsed > timeout)
                {
                    Kill();
                    Assert.Fail($"no \"{text}\" on the console within {timeout.TotalSeconds} s. Console:\n{Console}");
                }

                Thread.Sleep(50);
            }
        }

        /// <summary>Creates the file <paramref name="name"/> in the shared root: the scenario polls for it.</summary>
        public void Signal(string name) => File.WriteAllText(Path.Combine(Root, name), string.Empty);

        /// <summary>Waits for the guest to halt; kills it and fails at the timeout.</summary>
        public void WaitForExit(TimeSpan timeout)
        {
            if (process is null)
            {
                return;
            }

            if (!process.WaitForExit(timeout))
            {
                Kill();
                Assert.Fail($"the guest did not halt within {timeout.TotalSeconds} s. Console:\n{Console}");
            }
        }

        /// <summary>Kills the kernel and every process it started.</summary>
        public void Kill()
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }

        /// <summary>Kills the guest if still running and deletes its folder (the console is attached to the test first).</summary>
        public void Dispose()
        {
            Kill();
            process?.Dispose();
            if (File.Exists(ConsolePath) && TestContext.CurrentContext is not null)
            {
                TestContext.Out.WriteLine("---- UML console ----\n" + Console);
            }

            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A guest file still open by a dying process; the temp folder is cleaned by the OS later.
            }
        }

        private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
