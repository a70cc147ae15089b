using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using static FsFreeze.Conformance.Rings.Packed.PackedRingScribe;

namespace FsFreeze.Conformance.Rings.Packed
{
    /// <summary>
    /// The packed ring as both ends write it into guest memory: descriptor layout and flags (FF-RING-21, FF-RING-23),
    /// wrap counters (FF-RING-22) and event suppression (FF-RING-24), checked byte by byte.
    /// </summary>
    [TestFixtureSource(typeof(PackedRingScribe), nameof(PackedImplementations))]
    public sealed class PackedRingBehaviourTests
    {
        private const ushort Avail = PackedRingScribe.Avail;
        private const ushort Used = PackedRingScribe.Used;
        private readonly IVirtqueueImplementation _implementation;

        /// <summary>Runs the fixture against <paramref name="implementation"/>.</summary>
        public PackedRingBehaviourTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private static BufferSpec[] Buffers(int first, int count, uint length)
        {
            var buffers = new BufferSpec[count];
            for (int i = 0; i < count; i++)
            {
                buffers[i] = new BufferSpec(RingHarness.Buffer(first + i), length);
            }

            return buffers;
        }

        /// <summary>
        /// A chain of two readable and one writable buffer takes slots 0-2: addr at +0, len at +8, flags at +14 with
        /// NEXT on all but the last, WRITE on the writable one, AVAIL set and USED clear in lap 1, Buffer ID at +12.
        /// </summary>
        [Test]
        [Requirement("FF-RING-21")]
        [Requirement("FF-RING-23")]
        public void DriverWritesChainInConsecutiveSlots()
        {
            var harness = new RingHarness(_implementation, 8, 0, createDeviceEnd: false);
            Assert.That(harness.Driver.TryAdd(Buffers(0, 2, 100), Buffers(2, 1, 200), 1, false, out ushort id), Is.EqualTo(QueueError.None));
            var first = Read(harness.Memory, 0);
            var second = Read(harness.Memory, 1);
            var third = Read(harness.Memory, 2);
            using (Assert.EnterMultipleScope())
            {
                Assert.That((first.Address, first.Length, first.Flags), Is.EqualTo((RingHarness.Buffer(0), 100u, (ushort)(Avail | 1))));
                Assert.That((second.Address, second.Length, second.Flags), Is.EqualTo((RingHarness.Buffer(1), 100u, (ushort)(Avail | 1))));
                Assert.That((third.Address, third.Length, third.Flags), Is.EqualTo((RingHarness.Buffer(2), 200u, (ushort)(Avail | 2))));
                Assert.That(third.Id, Is.EqualTo(id), "Buffer ID in the last descriptor");
                Assert.That(Read(harness.Memory, 3).Flags, Is.Zero, "nothing beyond the chain");
            }
        }

        /// <summary>
        /// The device writes one used descriptor per chain, in the chain's first slot: the Buffer ID, the written
        /// length, WRITE, and AVAIL and USED both equal to its wrap counter; the chain's other slots are untouched.
        /// </summary>
        [Test]
        [Requirement("FF-RING-23")]
        [Requirement("FF-RING-22")]
        public void DeviceWritesOneUsedDescriptorPerChain()
        {
            var harness = new RingHarness(_implementation, 8, 0);
            Assert.That(harness.Driver.TryAdd(Buffers(0, 2, 100), Buffers(2, 1, 200), 1, false, out ushort id), Is.EqualTo(QueueError.None));
            ChainToken token = harness.PopOne(out _);
            Assert.That(harness.Device.PushUsed(token, 150), Is.EqualTo(QueueError.None));
            var used = Read(harness.Memory, 0);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(token.DescriptorCount, Is.EqualTo(3));
                Assert.That((used.Id, used.Length, used.Flags), Is.EqualTo((id, 150u, (ushort)(Avail | Used | 2))));
                Assert.That(Read(harness.Memory, 1).Flags, Is.EqualTo((ushort)(Avail | 1)), "slot 1 untouched");
                Assert.That(harness.Driver.TryReclaim(out UsedBuffer completion, out _), Is.True);
                Assert.That(completion.Length, Is.EqualTo(150u));
            }
        }

        /// <summary>
        /// Both wrap counters start at 1 and toggle after the last slot: with Queue Size 3, the fourth chain is
        /// made available in slot 0 with AVAIL clear and USED set, and the device marks it used with both clear.
        /// </summary>
        [Test]
        [Requirement("FF-RING-22")]
        public void WrapCountersToggleAfterTheLastSlot()
        {
            var harness = new RingHarness(_implementation, 3, 0);
            for (int round = 0; round < 3; round++)
            {
                Assert.That(harness.Driver.TryAdd(default, Buffers(round, 1, 64), (ulong)round, false, out _), Is.EqualTo(QueueError.None));
                Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 8), Is.EqualTo(QueueError.None));
                Assert.That(harness.Driver.TryReclaim(out _, out _), Is.True);
            }

            Assert.That(harness.Driver.TryAdd(default, Buffers(3, 1, 64), 3, false, out ushort id), Is.EqualTo(QueueError.None));
            ushort availableFlags = Read(harness.Memory, 0).Flags;
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 8), Is.EqualTo(QueueError.None));
            ushort usedFlags = Read(harness.Memory, 0).Flags;
            bool reclaimed = harness.Driver.TryReclaim(out UsedBuffer completion, out QueueError error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(availableFlags, Is.EqualTo((ushort)(Used | 2)), "available in lap 2: AVAIL 0, USED 1");
                Assert.That(usedFlags, Is.EqualTo((ushort)2), "used in lap 2: AVAIL 0, USED 0");
                Assert.That(reclaimed, Is.True, error.ToString());
                Assert.That((completion.Id, completion.Token), Is.EqualTo((id, 3UL)));
            }
        }

        /// <summary>
        /// Without EVENT_IDX the Device Area's DISABLE stops available-buffer notifications and ENABLE restores them;
        /// the Driver Area's DISABLE stops used-buffer notifications.
        /// </summary>
        [Test]
        [Requirement("FF-RING-24")]
        public void EnableAndDisableGateNotifications()
        {
            var harness = new RingHarness(_implementation, 8, 0);
            harness.Device.DisableNotifications();
            ushort disabled = ReadEvent(harness.Memory, harness.Config.DeviceArea).Flags;
            Assert.That(harness.Driver.TryAdd(default, Buffers(0, 1, 64), 0, false, out _), Is.EqualTo(QueueError.None));
            bool kickWhileDisabled = harness.Driver.NeedsNotification();
            bool pending = harness.Device.EnableNotifications();
            ushort enabled = ReadEvent(harness.Memory, harness.Config.DeviceArea).Flags;
            Assert.That(harness.Driver.TryAdd(default, Buffers(1, 1, 64), 1, false, out _), Is.EqualTo(QueueError.None));
            bool kickWhileEnabled = harness.Driver.NeedsNotification();

            harness.Driver.DisableInterrupts();
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            bool interruptWhileDisabled = harness.Device.NeedsInterrupt();
            harness.Driver.EnableInterrupts();
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            bool interruptWhileEnabled = harness.Device.NeedsInterrupt();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(disabled, Is.EqualTo((ushort)1), "DISABLE");
                Assert.That(kickWhileDisabled, Is.False);
                Assert.That(pending, Is.True, "a chain became available while disabled");
                Assert.That(enabled, Is.Zero, "ENABLE");
                Assert.That(kickWhileEnabled, Is.True);
                Assert.That(ReadEvent(harness.Memory, harness.Config.DriverArea).Flags, Is.Zero);
                Assert.That(interruptWhileDisabled, Is.False);
                Assert.That(interruptWhileEnabled, Is.True);
            }
        }

        /// <summary>
        /// With EVENT_IDX, enabling writes DESC with off_wrap naming the next descriptor: the other side notifies
        /// when it passes that descriptor, and not for the ones after it.
        /// </summary>
        [Test]
        [Requirement("FF-RING-24")]
        [Requirement("FF-RING-18")]
        public void DescEventNamesTheNextDescriptor()
        {
            var harness = new RingHarness(_implementation, 5, VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx));
            Assert.That(harness.Device.EnableNotifications(), Is.False);
            var deviceEvent = ReadEvent(harness.Memory, harness.Config.DeviceArea);
            Assert.That(harness.Driver.TryAdd(default, Buffers(0, 1, 64), 0, false, out _), Is.EqualTo(QueueError.None));
            bool firstKick = harness.Driver.NeedsNotification();
            Assert.That(harness.Driver.TryAdd(default, Buffers(1, 1, 64), 1, false, out _), Is.EqualTo(QueueError.None));
            bool secondKick = harness.Driver.NeedsNotification();

            Assert.That(harness.Driver.EnableInterrupts(), Is.False);
            var driverEvent = ReadEvent(harness.Memory, harness.Config.DriverArea);
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            bool firstInterrupt = harness.Device.NeedsInterrupt();
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            bool secondInterrupt = harness.Device.NeedsInterrupt();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(deviceEvent, Is.EqualTo(((ushort)0x8000, (ushort)2)), "off_wrap = slot 0, wrap 1; flags DESC");
                Assert.That(firstKick, Is.True);
                Assert.That(secondKick, Is.False);
                Assert.That(driverEvent, Is.EqualTo(((ushort)0x8000, (ushort)2)), "off_wrap = slot 0, wrap 1; flags DESC");
                Assert.That(firstInterrupt, Is.True);
                Assert.That(secondInterrupt, Is.False);
            }
        }
    }
}
