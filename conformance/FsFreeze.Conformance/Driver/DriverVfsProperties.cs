using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Driver properties over random VFS layouts (<see cref="GuestLayout"/>), random hosts (<see cref="HostScript"/>),
    /// random writers (<see cref="WriterWorkload"/>) and random injected faults, with pinned seeds (<see cref="Seeds"/>):
    /// writes survive a freeze in order, a freeze and thaw leave the VFS as it was, a partial failure rolls back and
    /// says where and why, and bind mounts and stacks are frozen once and in the right order.
    /// </summary>
    public sealed class DriverVfsProperties
    {
        private static Arbitrary<int> SeedArb => Seeds.IntegerSeeds;

        private static IDriverImplementation Implementation => Implementations.Driver();

        /// <summary>Ignores the test up front when the IUT has no driver: inside a property the ignore would read as a falsification.</summary>
        [SetUp]
        public void RequireADriver() => Implementations.Driver();

        private static GuestLayout RandomLayout(Random random, bool noDeviceCheckOnLoop = false) =>
            GuestLayout.Build(new DriverHarness(Implementation, seed: (ulong)random.Next()).Bound(), random, noDeviceCheckOnLoop: noDeviceCheckOnLoop);

        [Test]
        [Requirement("FF-DRV-23")]
        [Requirement("FF-DRV-24")]
        [Requirement("FF-DRV-27")]
        public void NoWriteIsLostOrReordered_AndAWriteIssuedWhileFrozenReturnsAfterTheThaw()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                GuestLayout layout = RandomLayout(random);
                DriverHarness harness = layout.Harness;
                WriterWorkload workload = WriterWorkload.Spawn(harness.Vfs, layout.WritablePaths);
                harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 300)));
                harness.Freeze((uint)random.Next(200, 3000));
                harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 1000)));
                HostScript.Settle(harness, random);
                harness.Scheduler.Run();

                foreach (WriteRecord write in workload.Writes)
                {
                    Seeds.Require(write.Done && write.Result == Errno.None, $"write {write.Key}={write.Value} on {write.SuperBlock} lost ({write.Result})");
                    Seeds.Require(write.UnfrozenAtReturn, $"write {write.Key}={write.Value} returned while {write.SuperBlock} was frozen");
                }

                foreach (((SuperBlock sb, PageKey key), long value) in workload.Expected)
                {
                    Seeds.Require(sb.PageCache.Read(key) == value, $"{sb}:{key} holds {sb.PageCache.Read(key)}, last written {value}");
                }

                // Written back newest first (a stacked filesystem before the one holding its image), the disks hold
                // the last value of every page: nothing reordered on the way down either.
                foreach (SuperBlock sb in harness.Vfs.SuperBlocks.Reverse().ToArray())
                {
                    var sync = harness.Vfs.SyncFilesystem(sb);
                    harness.Scheduler.Spawn("sync", sync);
                    harness.Scheduler.Run();
                }

                foreach (((SuperBlock sb, PageKey key), long value) in workload.Expected.Where(static e => e.Key.SuperBlock.Device is not null))
                {
                    OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
                    Seeds.Require(image.Data.TryGetValue(key, out long onDisk) && onDisk == value, $"{sb}:{key} on disk is not {value}");
                }
            });
            Seeds.Check(property, 100);
        }

        [Test]
        [Requirement("FF-DRV-22")]
        [Requirement("FF-DRV-24")]
        [Requirement("FF-DRV-27")]
        [Requirement("FF-DRV-28")]
        public void FreezeThenThaw_LeavesTheVfsAsItWas()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                GuestLayout layout = RandomLayout(random);
                DriverHarness harness = layout.Harness;
                UserFreezeSome(layout, random);
                string before = Describe(harness.Vfs);
                harness.Freeze((uint)random.Next(1, 5000));
                HostScript.Play(harness, random, random.Next(0, 5));
                HostScript.Settle(harness, random);
                harness.Scheduler.RunUntilIdle();
                string after = Describe(harness.Vfs);
                Seeds.Require(before == after, $"the VFS changed:\nbefore {before}\nafter  {after}");
            });
            Seeds.Check(property, 100);
        }

        [Test]
        [Requirement("FF-DRV-19")]
        [Requirement("FF-DRV-26")]
        public void APartialFailure_LeavesNothingFrozen_AndSaysWhichSuperblockFailedAndWhy()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                // No btrfs on a loop device: rolled back before the disk under it was synced, its unfreeze fails
                // (the model's btrfs_unfreeze reads the lower disk), which is FF-DRV-25's case, not this one.
                GuestLayout layout = RandomLayout(random, noDeviceCheckOnLoop: true);
                DriverHarness harness = layout.Harness;

                // Only a writable superblock on a device syncs and calls freeze_fs, so only there can a fault fire.
                SuperBlock[] targets = harness.Vfs.SuperBlocks.Where(static sb => !sb.ReadOnly && sb.Device is not null).ToArray();
                SuperBlock target = targets[random.Next(targets.Length)];
                Errno error = random.Next(2) == 0 ? Errno.EIO : Errno.EUCLEAN;
                if (target.Type.HasFreezeFs && random.Next(2) == 0)
                {
                    target.Faults.FailFreezeFs(error);
                }
                else
                {
                    target.Faults.FailSync(error);
                }

                FsFreezeReply reply = harness.Freeze();
                SuperBlock[] rolledBack = harness.Vfs.SuperBlocks.Where(sb => sb.Id > target.Id && IsFreezable(sb)).ToArray();
                Seeds.Require(reply.Status == ReplyStatus.Failed && reply.State == GuestFreezeState.Thawed, $"reply {reply.Status} {reply.State}");
                Seeds.Require(reply.FrozenCount == 0 && reply.FailedCount == 1, $"frozen {reply.FrozenCount} failed {reply.FailedCount}");
                Seeds.Require(reply.ThawedCount == rolledBack.Length, $"thawed {reply.ThawedCount}, expected {rolledBack.Length}");
                Seeds.Require(harness.Vfs.SuperBlocks.All(static sb => sb.KernelFreezeCount == 0 && sb.Frozen == FreezeLevel.Unfrozen), "something stayed frozen");

                SuperblockEntry failed = reply.Entries.Single(static e => e.Result == EntryResult.Failed);
                Seeds.Require(Is(failed, target) && failed.Error == (uint)error, $"failed entry {failed.DevMajor}:{failed.DevMinor} errno {failed.Error}, expected {target} {error}");
                Seeds.Require(reply.Entries.All(static e => e.Result != EntryResult.Frozen), "an entry still says FROZEN");
                SuperblockEntry[] rolled = reply.Entries.Where(static e => e.Result == EntryResult.RolledBack).ToArray();
                Seeds.Require(rolled.Length == rolledBack.Length && rolledBack.All(sb => rolled.Any(e => Is(e, sb))), "ROLLED_BACK entries are not the superblocks frozen before the failure");
            });
            Seeds.Check(property, 100);
        }

        [Test]
        [Requirement("FF-DRV-15")]
        [Requirement("FF-DRV-16")]
        [Requirement("FF-DRV-24")]
        public void BindMountsAreFrozenOnce_AndAStackIsFrozenTopFirstAndThawedBottomFirst()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                GuestLayout layout = RandomLayout(random);
                DriverHarness harness = layout.Harness;
                var calls = new List<FreezeCall>();
                harness.Vfs.CallObserver = call =>
                {
                    if (call.Holder == FreezeHolder.Kernel)
                    {
                        calls.Add(call);
                    }
                };

                FsFreezeReply reply = harness.Freeze((uint)random.Next(1000, 10_000));
                List<SuperBlock> frozen = calls.Where(static c => c.IsFreeze).Select(static c => c.SuperBlock).ToList();
                calls.Clear();
                HostScript.Settle(harness, random);
                List<SuperBlock> thawed = calls.Where(static c => !c.IsFreeze).Select(static c => c.SuperBlock).ToList();

                Seeds.Require(reply.Status == ReplyStatus.Ok, $"freeze answered {reply.Status}");
                Seeds.Require(frozen.Distinct().Count() == frozen.Count, "a superblock was frozen twice in one FREEZE");
                Seeds.Require(thawed.Distinct().Count() == thawed.Count, "a superblock was thawed twice in one THAW");
                Seeds.Require(frozen.ToHashSet().SetEquals(thawed), "what was thawed is not what was frozen");
                foreach (SuperBlock sb in layout.BindMounted.Where(IsFreezable))
                {
                    Seeds.Require(frozen.Count(f => f == sb) == 1, $"bind-mounted {sb} frozen {frozen.Count(f => f == sb)} times");
                }

                foreach ((SuperBlock upper, SuperBlock lower) in layout.Stacks)
                {
                    Seeds.Require(frozen.IndexOf(upper) >= 0 && frozen.IndexOf(upper) < frozen.IndexOf(lower), $"{upper} not frozen before {lower} under it");
                    Seeds.Require(thawed.IndexOf(lower) < thawed.IndexOf(upper), $"{upper} not thawed after {lower} under it");
                }
            });
            Seeds.Check(property, 100);
        }

        /// <summary>FF-DRV-17 as the driver applies it: block-backed, or a type with its own freeze.</summary>
        private static bool IsFreezable(SuperBlock sb) => (sb.Type.HasBackingDevice && sb.Device is not null) || sb.Type.HasOwnFreeze;

        private static bool Is(SuperblockEntry entry, SuperBlock sb) => entry.DevMajor == sb.Dev.Major && entry.DevMinor == sb.Dev.Minor;

        /// <summary>
        /// FIFREEZE on some superblocks with a freeze_fs, never one holding a loop image: that would block the
        /// stacked filesystem's writeback, and the driver's freeze with it, until userspace thaws (FF-DRV-14 case).
        /// </summary>
        private static void UserFreezeSome(GuestLayout layout, Random random)
        {
            DriverHarness harness = layout.Harness;
            var done = new HashSet<SuperBlock>();
            foreach (Mount mount in harness.Vfs.Mounts.ToArray())
            {
                SuperBlock sb = mount.SuperBlock;
                if (!sb.Type.HasFreezeFs || layout.Stacks.Any(s => s.Lower == sb) || done.Contains(sb) || random.Next(3) != 0)
                {
                    continue;
                }

                var op = harness.Vfs.IoctlFreeze(mount.Path);
                harness.Scheduler.Spawn("fifreeze", op);
                harness.Scheduler.RunUntil(() => op.IsDone);
                done.Add(sb);
            }
        }

        /// <summary>Freeze levels, holder counts, active references and the mount table, as text.</summary>
        private static string Describe(VirtualFileSystem vfs) =>
            string.Join("; ", vfs.SuperBlocks.Select(static sb =>
                $"{sb} {sb.Frozen} k={sb.KernelFreezeCount} u={sb.UserFreezeCount} active={sb.ActiveReferences} ro={sb.ReadOnly} dying={sb.Dying}"))
            + " | " + string.Join("; ", vfs.Mounts.Select(static m => $"{m.Id}:{m.Path}->{m.SuperBlock.Id}{m.Root} ro={m.ReadOnly}"));
    }
}
