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
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Properties of the driver over random guests (fs types, bind mounts, read-only and pseudo mounts, writers)
    /// and random hosts (freeze with a deadline, thaw, status, vanish), with pinned seeds (<see cref="Seeds"/>).
    /// </summary>
    public sealed class DriverProperties
    {
        private static readonly FilesystemType[] Types =
        {
            FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Ext2, FilesystemTypes.Vfat, FilesystemTypes.Tmpfs, FilesystemTypes.Proc,
        };

        private static Arbitrary<int> SeedArb => Seeds.IntegerSeeds;

        private static IDriverImplementation Implementation => Implementations.Driver();

        /// <summary>Ignores the test up front when the IUT has no driver: inside a property the ignore would read as a falsification.</summary>
        [SetUp]
        public void RequireADriver() => Implementations.Driver();

        /// <summary>A random guest: 1 to 6 mounts, some read-only, some bind mounts, a few dirty pages.</summary>
        private static DriverHarness RandomGuest(Random random)
        {
            var harness = new DriverHarness(Implementation, seed: (ulong)random.Next()).Bound();
            int count = random.Next(1, 7);
            for (int i = 0; i < count; i++)
            {
                FilesystemType type = Types[random.Next(Types.Length)];
                string path = i == 0 ? "/" : "/m" + i;
                harness.Mount(type, path, readOnly: type.HasBackingDevice && random.Next(4) == 0);
                if (random.Next(3) == 0 && i > 0)
                {
                    harness.Vfs.BindMount(path, "/bind" + i);
                }
            }

            foreach (Mount mount in harness.Vfs.Mounts.Where(static m => !m.ReadOnly && !m.SuperBlock.ReadOnly).ToArray())
            {
                harness.Scheduler.Spawn("writer", harness.Vfs.Write(mount.Path == "/" ? "/w" : mount.Path + "/w", random.Next(4), random.Next()));
            }

            return harness;
        }

        [Test]
        [Requirement("FF-DRV-23")]
        [Requirement("FF-DRV-15")]
        [Requirement("FF-DRV-16")]
        public void AfterAnOkFreeze_EveryFrozenSuperblockIsCompleteAndClean()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                DriverHarness harness = RandomGuest(new Random(seed));
                FsFreezeReply reply = harness.Freeze();
                if (reply.Status != ReplyStatus.Ok)
                {
                    return;
                }

                foreach (SuperBlock sb in harness.KernelFrozen())
                {
                    Seeds.Require(sb.Frozen == FreezeLevel.Complete, $"{sb} at {sb.Frozen}");
                    Seeds.Require(sb.PageCache.DirtyCount == 0, $"{sb} has dirty pages");
                    Seeds.Require(sb.Journal is null || sb.Journal.OpenHandles == 0, $"{sb} has an open transaction");
                    Seeds.Require(sb.KernelFreezeCount == 1, $"{sb} frozen {sb.KernelFreezeCount} times");
                }

                Seeds.Require(reply.FrozenCount == harness.KernelFrozen().Length, "frozen_count matches the VFS");
            });
            Seeds.Check(property, 60);
        }

        [Test]
        [Requirement("FF-DRV-27")]
        [Requirement("FF-DRV-14")]
        public void WhateverTheHostDoes_NothingStaysFrozenPastTheDeadline()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                DriverHarness harness = RandomGuest(random);
                TimeSpan latest = TimeSpan.Zero;
                for (int step = 0; step < 6; step++)
                {
                    switch (random.Next(4))
                    {
                        case 0:
                            uint deadline = (uint)random.Next(1, 5000);
                            FsFreezeReply r = harness.Freeze(deadline);
                            if (r.Status == ReplyStatus.Ok && r.State == GuestFreezeState.Frozen)
                            {
                                latest = harness.Scheduler.Clock.Now + TimeSpan.FromMilliseconds(r.RemainingMs + 1);
                            }

                            break;
                        case 1:
                            harness.Thaw();
                            break;
                        case 2:
                            harness.Status();
                            break;
                        default:
                            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
                            break;
                    }
                }

                // The host vanishes: nothing more arrives. One tick past the deadline nothing is held by the kernel.
                harness.Device.Vanished = true;
                if (latest > harness.Scheduler.Clock.Now)
                {
                    harness.Scheduler.RunFor(latest - harness.Scheduler.Clock.Now);
                }

                harness.Scheduler.RunUntilIdle();
                Seeds.Require(harness.KernelFrozen().Length == 0, "a superblock stayed frozen past its deadline");
            });
            Seeds.Check(property, 60);
        }

        [Test]
        [Requirement("FF-DRV-22")]
        public void TheDriversThawNeverDropsAUserspaceFreeze()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                DriverHarness harness = RandomGuest(random);
                var userFrozen = new List<SuperBlock>();
                foreach (Mount mount in harness.Vfs.Mounts.Where(static m => m.SuperBlock.Type.HasFreezeFs).ToArray())
                {
                    if (random.Next(2) == 0 && !userFrozen.Contains(mount.SuperBlock))
                    {
                        var op = harness.Vfs.IoctlFreeze(mount.Path);
                        harness.Scheduler.Spawn("fifreeze", op);
                        harness.Scheduler.RunUntil(() => op.IsDone);
                        if (op.Result == Errno.None)
                        {
                            userFrozen.Add(mount.SuperBlock);
                        }
                    }
                }

                harness.Freeze();
                harness.Thaw();
                foreach (SuperBlock sb in userFrozen)
                {
                    Seeds.Require(sb.IsFrozen && sb.UserFreezeCount == 1, $"{sb} lost its userspace freeze");
                }

                Seeds.Require(harness.KernelFrozen().Length == 0, "the driver still holds something");
            });
            Seeds.Check(property, 60);
        }
    }
}
