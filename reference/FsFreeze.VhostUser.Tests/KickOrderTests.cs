using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser.Backend;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// FF-VU-5, deterministically: the session is stepped by hand on one thread, so a kick and a message are both
    /// pending when it looks, and the message's reply must find the kick handled.
    /// </summary>
    public sealed class KickOrderTests : IVhostUserSessionObserver
    {
        private const ulong MemoryBase = 0x10_0000;

        [Test]
        [Category("FF-VU-5")]
        public void KickPendingBeforeAMessage_IsHandledBeforeTheMessage()
        {
            (VhostUserChannel front, VhostUserChannel back) = VhostUserChannel.CreatePair();
            using var frontend = new VhostUserFrontend(front, TimeSpan.FromSeconds(5));
            using var session = new VhostUserDeviceSession(back, () => new EchoDevice(0xFFF0, 0, 1, 16), this);
            using var memory = new FrontendMemory(MemoryBase, 1 << 20);
            using EventNotifier kick = EventNotifier.Create();
            using EventNotifier call = EventNotifier.Create();
            ulong version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            VirtqueueAreas areas = VirtqueueAreas.For(false, 16);
            var rings = new GuestAddressAllocator(MemoryBase, 64 << 10);
            rings.TryAllocate(areas.DescriptorBytes, areas.DescriptorAlignment, out ulong desc);
            rings.TryAllocate(areas.DriverBytes, areas.DriverAlignment, out ulong avail);
            rings.TryAllocate(areas.DeviceBytes, areas.DeviceAlignment, out ulong used);
            Assert.That(DriverQueueFactory.TryCreate(memory.Memory, new QueueConfiguration(16, desc, avail, used, version1), 0, 0, out IDriverQueue? queue), Is.EqualTo(QueueError.None));

            // No REPLY_ACK: nothing waits for an answer, and the session handles the queued messages when stepped.
            frontend.SetOwner();
            frontend.SetFeatures(version1);
            frontend.SetMemTable([memory.Region], [memory.Fd.Fd]);
            frontend.SetVringNum(0, 16);
            frontend.SetVringAddr(new VringAddress(0, 0, desc, used, avail, 0));
            frontend.SetVringCall(0, call.Descriptor.Fd);
            frontend.SetVringKick(0, kick.Descriptor.Fd);
            for (int i = 0; i < 7; i++)
            {
                Assert.That(session.HandleNext(), Is.True);
            }

            Assert.That(session.Transport.GetDeviceQueue(0), Is.Not.Null, "ring 0 runs");
            Assert.That(queue!.TryAdd([new BufferSpec(0x18_0000, 4)], [new BufferSpec(0x18_1000, 4)], 1, false, out _), Is.EqualTo(QueueError.None));
            kick.Signal();
            front.Send(VhostUserHeader.ForRequest((uint)VhostUserRequest.GetFeatures, 0, needReply: false), ReadOnlySpan<byte>.Empty);

            Assert.That(session.HandleNext(), Is.True);
            Assert.That(queue.TryReclaim(out UsedBuffer usedBuffer, out QueueError error), Is.True, $"the chain was used before GET_FEATURES was answered ({error})");
            Assert.That(usedBuffer.Length, Is.EqualTo(4u));
        }

        void IVhostUserSessionObserver.OnDeviceCreated(VirtioDevice device, VirtioMmioTransport transport)
        {
        }

        void IVhostUserSessionObserver.OnLog(string message)
        {
        }

        void IVhostUserSessionObserver.OnDriverViolation(string? requirementId, string detail, DeviceFault? fault)
        {
        }

        void IVhostUserSessionObserver.OnConfigWrite(uint offset, int length)
        {
        }
    }
}
