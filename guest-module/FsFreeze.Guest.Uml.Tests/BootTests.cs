using System;
using System.IO;
using FsFreeze.Guest.Uml;

namespace FsFreeze.Guest.Uml.Tests
{
    /// <summary>The module in a real kernel without a device: it loads, binds nothing, and unloads.</summary>
    [Category("Uml")]
    public sealed class BootTests
    {
        private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

        [Test]
        public void Module_LoadsAndUnloads_WithoutADevice_AndProbesNothing()
        {
            UmlEnvironment.RequireGuest("mkfs.ext4");
            using var guest = new UmlGuest();
            guest.AddDisk("ext4");
            guest.Boot("""
                grep -q '^virtio_fsfreeze ' /proc/modules && echo "guest: module listed"
                ls /sys/bus/virtio/drivers/ | grep -q virtio_fsfreeze && echo "guest: driver registered"
                echo "guest: devices $(ls /sys/bus/virtio/drivers/virtio_fsfreeze/ | grep -c virtio)"
                rmmod virtio_fsfreeze && echo "guest: rmmod ok"
                """);
            guest.WaitForExit(BootTimeout);
            string console = guest.Console;
            Assert.Multiple(() =>
            {
                Assert.That(console, Does.Contain("guest: mounted ubda /mnt/ext4 ext4"));
                Assert.That(console, Does.Contain("guest: insmod ok"));
                Assert.That(console, Does.Contain("guest: module listed"));
                Assert.That(console, Does.Contain("guest: driver registered"));
                Assert.That(console, Does.Contain("guest: devices 0"));
                Assert.That(console, Does.Contain("guest: rmmod ok"));
                Assert.That(console, Does.Not.Contain("virtio-fsfreeze: request_size"), "probe ran without a device");
                Assert.That(console, Does.Not.Contain("BUG"));
                Assert.That(console, Does.Not.Contain("WARNING"));
            });
        }

        [Test]
        public void Driver_IsCheckpatchClean()
        {
            UmlEnvironment.RequireGuest();
            string checkpatch = Path.Combine(UmlEnvironment.KernelTree!, "scripts", "checkpatch.pl");
            string source = Path.Combine(UmlEnvironment.RepositoryRoot, "guest-module", "linux", "virtio_fsfreeze.c");
            HostCommandResult result = HostCommand.Run("perl", TimeSpan.FromSeconds(120), checkpatch, "--no-tree", "--quiet", "-f", source);
            Assert.That(result.ExitCode, Is.Zero, result.Output);
        }
    }
}
