using System;
using System.Linq;
using System.Text;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>The back-end session driven as Linux's virtio_uml drives it (no STATUS): features, memory, rings, kicks, calls.</summary>
    public sealed class SessionTests
    {
        private const ulong MemoryBase = 0x10_0000;
        private const int MemorySize = 1 << 20;
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);

        [Test]
        public void UmlStyleSession_EchoesAChain_ThroughKickAndCall()
        {
            using var backend = new InProcessBackend();
            using var memory = new FrontendMemory(MemoryBase, MemorySize);
            VhostUserFrontend fe = backend.Frontend;

            Assert.That(fe.SetOwner(), Is.Zero);
            ulong features = fe.GetFeatures();
            Assert.That(features & (VhostUserFeatures.ProtocolFeatures | Version1), Is.EqualTo(VhostUserFeatures.ProtocolFeatures | Version1));
            ulong protocol = fe.GetProtocolFeatures() & (VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck) | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config));
            Assert.That(fe.SetProtocolFeatures(protocol), Is.Zero, "acked once REPLY_ACK is in force");
            Assert.That(fe.GetConfig(0, 12), Has.Length.EqualTo(12), "configuration readable before SET_FEATURES (FF-INIT-9)");
            Assert.That(fe.SetFeatures(Version1 | VhostUserFeatures.ProtocolFeatures), Is.Zero);
            Assert.That(fe.SetMemTable([memory.Region], [memory.Fd.Fd]), Is.Zero);

            var allocator = new GuestAddressAllocator(MemoryBase, 64 << 10);
            // Ring 0 calls through a pipe, as virtio_uml's do: the back-end's copy of the write end must stay open.
            (FileDescriptor Read, FileDescriptor Write) callPipe = Pipe.Create();
            var calls = new EventNotifier[2];
            var kicks = new EventNotifier[2];
            var queues = new IDriverQueue[2];
            for (uint i = 0; i < 2; i++)
            {
                VirtqueueAreas areas = VirtqueueAreas.For(false, 16);
                Assert.That(allocator.TryAllocate(areas.DescriptorBytes, areas.DescriptorAlignment, out ulong desc), Is.True);
                Assert.That(allocator.TryAllocate(areas.DriverBytes, areas.DriverAlignment, out ulong avail), Is.True);
                Assert.That(allocator.TryAllocate(areas.DeviceBytes, areas.DeviceAlignment, out ulong used), Is.True);
                Assert.That(DriverQueueFactory.TryCreate(memory.Memory, new QueueConfiguration(16, desc, avail, used, Version1), 0, 0, out IDriverQueue? queue), Is.EqualTo(QueueError.None));
                queues[i] = queue!;
                calls[i] = EventNotifier.Create();
                kicks[i] = EventNotifier.Create();
                Assert.That(fe.SetVringCall(i, i == 0 ? callPipe.Write.Fd : calls[i].Descriptor.Fd), Is.Zero);
                Assert.That(fe.SetVringNum(i, 16), Is.Zero);
                Assert.That(fe.SetVringBase(i, 0), Is.Zero);
                Assert.That(fe.SetVringAddr(new VringAddress(i, 0, desc, used, avail, ulong.MaxValue)), Is.Zero);
            }

            for (uint i = 0; i < 2; i++)
            {
                Assert.That(fe.SetVringKick(i, kicks[i].Descriptor.Fd), Is.Zero);
                Assert.That(fe.SetVringEnable(i, true), Is.Zero);
            }

            byte[] hello = Encoding.ASCII.GetBytes("hello");
            memory.Memory.TryWrite(0x18_0000, hello);
            Assert.That(queues[1].TryAdd([new BufferSpec(0x18_0000, 5)], [new BufferSpec(0x18_1000, 16)], 7, false, out _), Is.EqualTo(QueueError.None));
            kicks[1].Signal();

            Assert.That(Poll.Readable(calls[1].Descriptor.Fd, TimeSpan.FromSeconds(5)), Is.True, "a call on the ring that was used");
            Assert.That(queues[1].TryReclaim(out UsedBuffer usedBuffer, out QueueError error), Is.True, error.ToString());
            byte[] echoed = new byte[5];
            memory.Memory.TryRead(0x18_1000, echoed);
            Assert.Multiple(() =>
            {
                Assert.That((usedBuffer.Token, usedBuffer.Length), Is.EqualTo((7UL, 5u)));
                Assert.That(echoed, Is.EqualTo(hello));
                Assert.That(calls[0].TryConsume(), Is.False, "no call on the ring nothing was used on");
            });

            // virtio_uml's removal: disable every ring, then GET_FEATURES to be sure it was all handled.
            Assert.That(fe.SetVringEnable(1, false), Is.Zero);
            Assert.That(fe.SetVringEnable(0, false), Is.Zero);
            fe.GetFeatures();
            Assert.That(backend.Log, Has.Some.Contains("device reset (every ring stopped)"));
            callPipe.Write.Dispose();
            Assert.That(new EventNotifier(callPipe.Read).Wait(TimeSpan.FromMilliseconds(200)), Is.False,
                "no end-of-file on the guest's call pipe: the reset kept the back-end's write end open");
            Assert.That(backend.Crash, Is.Null);
            foreach (EventNotifier n in calls.Concat(kicks))
            {
                n.Dispose();
            }
        }

        [Test]
        public void SetFeatures_WithUnofferedBits_IsRefusedAndReported()
        {
            using var backend = new InProcessBackend();
            VhostUserFrontend fe = backend.Frontend;
            fe.SetProtocolFeatures(VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck));
            Assert.That(fe.SetFeatures(Version1 | (1UL << 20)), Is.Not.Zero, "FEATURES_OK refused");
            Assert.That(backend.Violations, Has.Some.StartsWith("FF-DRV-4"));
        }

        [Test]
        public void GetVringBase_StopsTheRing_AndReportsTheNextAvailableIndex()
        {
            using var backend = new InProcessBackend();
            using var memory = new FrontendMemory(MemoryBase, MemorySize);
            using var bridge = new VhostUserMmioBridge(backend.Frontend, memory, new VhostUserDeviceIdentity(InProcessBackend.EchoDeviceId, 0, 16), null);
            var allocator = new GuestAddressAllocator(MemoryBase, 64 << 10);
            Assert.That(Virtio.Mmio.MmioDriverSession.TryInitialize(bridge, memory.Memory, allocator, new Virtio.Mmio.MmioDriverOptions { QueueCount = 2, MaxQueueSize = 16 }, out var session), Is.EqualTo(Virtio.Mmio.MmioDriverError.None));
            for (int i = 0; i < 3; i++)
            {
                Assert.That(session!.GetQueue(0).TryAdd([new BufferSpec(0x18_0000, 4)], [new BufferSpec(0x18_1000, 4)], (ulong)i, false, out _), Is.EqualTo(QueueError.None));
                session.Notify(0);
                Assert.That(session.GetQueue(0).TryReclaim(out _, out _), Is.True);
            }

            Assert.That(backend.Frontend.GetVringBase(0), Is.EqualTo(3u), "three chains taken");
            Assert.That(backend.Crash, Is.Null);
        }
    }
}
