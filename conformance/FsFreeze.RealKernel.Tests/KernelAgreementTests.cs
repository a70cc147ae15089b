using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Linux;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// The model's predictions against this machine's kernel, on loop-mounted scratch images: every check asks the
    /// VFS model what the same calls return (or whether they sleep) and asserts the kernel answers the same.
    /// </summary>
    public sealed class KernelAgreementTests : RealKernelFixture
    {
        [TestCase("ext4")]
        [TestCase("xfs")]
        [TestCase("btrfs")]
        [Category("FF-DRV-21")]
        [Category("FF-DRV-22")]
        public void SecondFreeze_IsEbusy(string type)
        {
            LoopImage image = LoopImage.Create(Begin(type), type, "fs");
            LinuxFilesystems real = Backend(image.MountPoint);
            IGuestSuperBlock sb = Only(real);
            Errno[] kernel = [Run(real.FreezeSuper(sb, FreezeHolder.Userspace)), Run(real.FreezeSuper(sb, FreezeHolder.Userspace))];

            var model = new ModelKernel();
            model.Mount(type, "/fs");
            Errno?[] predicted = [model.Call(model.Vfs.IoctlFreeze("/fs")), model.Call(model.Vfs.IoctlFreeze("/fs"))];

            Assert.That(kernel.Cast<Errno?>(), Is.EqualTo(predicted), $"{type}: model {string.Join(",", predicted)}, kernel {string.Join(",", kernel)}");
            Assert.That(kernel, Is.EqualTo(new[] { Errno.None, Errno.EBUSY }));
            Assert.That(Run(real.ThawSuper(sb, FreezeHolder.Userspace)), Is.EqualTo(Errno.None));
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [TestCase("btrfs")]
        [Category("FF-DRV-25")]
        public void ThawOfAThawedFilesystem_IsEinval(string type)
        {
            LoopImage image = LoopImage.Create(Begin(type), type, "fs");
            LinuxFilesystems real = Backend(image.MountPoint);
            IGuestSuperBlock sb = Only(real);
            Errno[] kernel =
            [
                Run(real.ThawSuper(sb, FreezeHolder.Userspace)), Run(real.FreezeSuper(sb, FreezeHolder.Userspace)),
                Run(real.ThawSuper(sb, FreezeHolder.Userspace)), Run(real.ThawSuper(sb, FreezeHolder.Userspace)),
            ];

            var model = new ModelKernel();
            model.Mount(type, "/fs");
            Errno?[] predicted =
            [
                model.Call(model.Vfs.IoctlThaw("/fs")), model.Call(model.Vfs.IoctlFreeze("/fs")),
                model.Call(model.Vfs.IoctlThaw("/fs")), model.Call(model.Vfs.IoctlThaw("/fs")),
            ];

            Assert.That(kernel.Cast<Errno?>(), Is.EqualTo(predicted));
            Assert.That(kernel, Is.EqualTo(new[] { Errno.EINVAL, Errno.None, Errno.None, Errno.EINVAL }));
        }

        [Test]
        [Category("FF-DRV-16")]
        public void ABindMount_IsOneSuperblock_FrozenOnce()
        {
            Scratch scratch = Begin("ext4");
            LoopImage image = LoopImage.Create(scratch, "ext4", "fs");
            string bind = image.BindMount(scratch, "bind");
            var freeze = new FreezeIoctl();

            LinuxSuperBlock sb = (LinuxSuperBlock)Only(Backend(image.MountPoint, bind));
            Assert.That(sb.MountPoints, Is.EqualTo(new[] { image.MountPoint, bind }));
            Errno[] kernel = [freeze.Freeze(image.MountPoint), freeze.Freeze(bind), freeze.Thaw(bind), freeze.Thaw(image.MountPoint)];

            var model = new ModelKernel();
            model.Mount("ext4", "/fs");
            Assert.That(model.Vfs.BindMount("/fs", "/bind").Error, Is.EqualTo(Errno.None));
            Assert.That(model.WalkPaths(), Has.Length.EqualTo(1), "the model walks one superblock too");
            Errno?[] predicted =
            [
                model.Call(model.Vfs.IoctlFreeze("/fs")), model.Call(model.Vfs.IoctlFreeze("/bind")),
                model.Call(model.Vfs.IoctlThaw("/bind")), model.Call(model.Vfs.IoctlThaw("/fs")),
            ];
            Assert.That(kernel.Cast<Errno?>(), Is.EqualTo(predicted));
            Assert.That(kernel, Is.EqualTo(new[] { Errno.None, Errno.EBUSY, Errno.None, Errno.EINVAL }));

            // The driver, through the device, freezes it once.
            var vm = new RealKernelVm(new MountAllowList([image.MountPoint, bind]));
            HostResult frozen = vm.Complete(vm.Host.Freeze(30_000));
            Assert.That((frozen.Status, frozen.Reply.FrozenCount), Is.EqualTo((ReplyStatus.Ok, 1u)));
            Assert.That(vm.Complete(vm.Host.Thaw()).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(vm.Filesystems.Calls, Is.EqualTo(new[] { $"FIFREEZE {image.MountPoint} = None", $"FITHAW {image.MountPoint} = None" }));
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [Category("FF-DRV-17")]
        [Category("FF-DRV-20")]
        public void AReadOnlyMount_FreezesAsTheModelPredicts(string type)
        {
            LoopImage image = LoopImage.Create(Begin(type), type, "fs", readOnly: true);
            LinuxFilesystems real = Backend(image.MountPoint);
            IGuestSuperBlock sb = Only(real);
            Assert.That(sb.ReadOnly, Is.True, "mountinfo's super options say ro");
            Errno[] kernel =
            [
                Run(real.FreezeSuper(sb, FreezeHolder.Userspace)), Run(real.FreezeSuper(sb, FreezeHolder.Userspace)),
                Run(real.ThawSuper(sb, FreezeHolder.Userspace)), Run(real.ThawSuper(sb, FreezeHolder.Userspace)),
            ];

            var model = new ModelKernel();
            model.Mount(type, "/fs", readOnly: true);
            Errno?[] predicted =
            [
                model.Call(model.Vfs.IoctlFreeze("/fs")), model.Call(model.Vfs.IoctlFreeze("/fs")),
                model.Call(model.Vfs.IoctlThaw("/fs")), model.Call(model.Vfs.IoctlThaw("/fs")),
            ];
            TestContext.Out.WriteLine($"{type} ro: kernel {string.Join(", ", kernel)}; model {string.Join(", ", predicted)}");
            Assert.That(kernel.Cast<Errno?>(), Is.EqualTo(predicted));

            // The driver freezes a read-only superblock like any other (it is on a block device).
            var vm = new RealKernelVm(new MountAllowList([image.MountPoint]));
            HostResult frozen = vm.Complete(vm.Host.Freeze(30_000));
            Assert.That((frozen.Status, frozen.State, frozen.Reply.FrozenCount), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Frozen, 1u)));
            Assert.That(vm.Complete(vm.Host.Thaw()).Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [TestCase("btrfs")]
        [Category("FF-DRV-23")]
        [Category("FF-DRV-24")]
        public void AWriter_BlocksUntilTheThaw(string type)
        {
            LoopImage image = LoopImage.Create(Begin(type), type, "fs");
            string target = Path.Combine(image.MountPoint, "w");

            var model = new ModelKernel();
            SuperBlock modelSb = model.Mount(type, "/fs");
            Assert.That(model.Call(model.Vfs.FreezeSuper(modelSb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            var modelWrite = model.Start(model.Vfs.Write("/fs/w", 0, 1));
            bool modelBlocked = !modelWrite.IsDone;
            Assert.That(model.Call(model.Vfs.ThawSuper(modelSb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That((modelBlocked, modelWrite.IsDone), Is.EqualTo((true, true)), "the model: blocked while frozen, done after the thaw");

            var vm = new RealKernelVm(new MountAllowList([image.MountPoint]));
            Assert.That(vm.Complete(vm.Host.Freeze(30_000)).Status, Is.EqualTo(ReplyStatus.Ok));
            using Process writer = StartWriter(target);
            try
            {
                bool exitedWhileFrozen = writer.WaitForExit(2_000);
                Assert.That(exitedWhileFrozen, Is.False, "the kernel: the writer sleeps while frozen, as the model predicts");
                Assert.That(vm.Complete(vm.Host.Thaw()).Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(writer.WaitForExit(30_000), Is.True, "the writer finishes after the thaw");
                Assert.That(writer.ExitCode, Is.Zero);
                Assert.That(File.ReadAllText(target), Is.EqualTo("x\n"));
            }
            finally
            {
                // Thaw before anything else, so the writer can finish; TearDown thaws again and cleans up.
                new FreezeIoctl().Thaw(image.MountPoint);
                if (!writer.WaitForExit(30_000))
                {
                    writer.Kill();
                }
            }
        }

        [Test]
        [Category("FF-DRV-15")]
        [Category("FF-DRV-24")]
        public void AStackedPair_IsFrozenTopFirst_AndThawedBottomFirst_WithoutAHang()
        {
            Scratch scratch = Begin("ext4");
            LoopImage lower = LoopImage.Create(scratch, "ext4", "lower", megabytes: 96);
            LoopImage upper = LoopImage.Create(scratch, "ext4", "upper", directory: lower.MountPoint);
            File.WriteAllText(Path.Combine(upper.MountPoint, "dirty"), "written back by the freeze, through the lower filesystem");

            // The model: newest first is upper then lower; bottom first would leave the upper's freeze asleep.
            var model = new ModelKernel();
            SuperBlock modelLower = model.Mount("ext4", "/lower");
            (Errno attached, LoopDevice? loop) = model.Vfs.AttachLoop("/lower/upper.img");
            Assert.That(attached, Is.EqualTo(Errno.None));
            SuperBlock modelUpper = model.Vfs.Mount(FilesystemTypes.Ext4, loop, "/upper").Mount!.SuperBlock;
            Assert.That(model.WalkPaths(), Is.EqualTo(new[] { "/upper", "/lower" }));
            Assert.That(model.Call(model.Vfs.Write("/upper/dirty", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(model.Call(model.Vfs.FreezeSuper(modelLower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(model.Start(model.Vfs.FreezeSuper(modelUpper, FreezeHolder.Kernel)).IsDone, Is.False,
                "the model predicts the bottom-first order hangs (not tried on the kernel)");

            var vm = new RealKernelVm(new MountAllowList([lower.MountPoint, upper.MountPoint]));
            var freeze = System.Threading.Tasks.Task.Run(() => vm.Complete(vm.Host.Freeze(30_000)));
            Assert.That(freeze.Wait(TimeSpan.FromSeconds(60)), Is.True, "FREEZE did not hang");
            Assert.That((freeze.Result.Status, freeze.Result.Reply.FrozenCount), Is.EqualTo((ReplyStatus.Ok, 2u)));
            var thaw = System.Threading.Tasks.Task.Run(() => vm.Complete(vm.Host.Thaw()));
            Assert.That(thaw.Wait(TimeSpan.FromSeconds(60)), Is.True, "THAW did not hang");
            Assert.That(thaw.Result.Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(vm.Filesystems.Calls, Is.EqualTo(new[]
            {
                $"FIFREEZE {upper.MountPoint} = None", $"FIFREEZE {lower.MountPoint} = None",
                $"FITHAW {lower.MountPoint} = None", $"FITHAW {upper.MountPoint} = None",
            }));
        }

        [Test]
        public void NothingOutsideTheAllowList_IsEverReturned()
        {
            Scratch scratch = Begin("ext4");
            LoopImage image = LoopImage.Create(scratch, "ext4", "fs");

            // A bind of a folder of the machine's own filesystem onto an allowed path: its superblock is the host's.
            string hostDirectory = Directory.CreateDirectory(Path.Combine(scratch.Root, "host-dir")).FullName;
            string hostBind = Directory.CreateDirectory(Path.Combine(scratch.Root, "host-bind")).FullName;
            Commands.Require("mount", "--bind", hostDirectory, hostBind);
            scratch.OnDispose($"umount {hostBind}", () => Scratch.Unmount(hostBind));

            LinuxFilesystems real = Backend(image.MountPoint, hostBind);
            var walk = real.GrabSuperBlocksNewestFirst().Select(static r => (LinuxSuperBlock)r.SuperBlock).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(walk.Select(static sb => sb.MountPoints.Single()), Is.EqualTo(new[] { image.MountPoint }));
                Assert.That(walk.Single().Source, Is.EqualTo(image.LoopDevice));
                Assert.That(real.SuperBlockAt(hostBind), Is.Null, "the host's superblock is shown elsewhere too, so never returned");
                Assert.That(real.SuperBlockAt("/"), Is.Null);
            });
        }

        private static Process StartWriter(string target)
        {
            var start = new ProcessStartInfo("sh") { UseShellExecute = false };
            foreach (string argument in new[] { "-c", "echo x > \"$1\"", "sh", target })
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start) ?? throw new AssertionException("sh did not start");
        }
    }
}
