using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Driver;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// The driver model bound to the conformance suite's scripted device through the reference transport, with
    /// <see cref="TamperingRegisters"/> between them: for the driver's own unit tests, which look at its
    /// bookkeeping (<see cref="FsFreezeDriver.Accounting"/>) as well as at what reaches the device.
    /// </summary>
    internal sealed class DriverRig
    {
        public const ulong DefaultBase = 0x10_0000;

        private uint nextId;
        private int nextMinor = 1;

        public DriverRig(
            FsFreezeDriverOptions? options = null, ulong offered = FsFreezeFeature.KnownMask, FsFreezeConfig? config = null,
            ushort queueSizeMax = 16, int queueCount = 2, ulong memoryBase = DefaultBase, int memorySize = 4 << 20,
            ulong? allocatorBase = null, ulong? allocatorSize = null)
        {
            World = new World();
            Memory = GuestMemory.Allocate(memoryBase, memorySize);
            Device = new ScriptedFsFreezeDevice(offered, config ?? new FsFreezeConfig(8192, 64, 600_000), queueSizeMax: queueSizeMax, queueCount: queueCount);
            Line = new DriverInterruptLine();
            Transport = new VirtioMmioTransport(Device, Memory, Line);
            Registers = new TamperingRegisters(Transport);
            Allocator = new GuestAddressAllocator(allocatorBase ?? memoryBase, allocatorSize ?? (ulong)memorySize);
            Driver = new FsFreezeDriver(Registers, Memory, Allocator, World.Vfs, options);
            Line.Attach(Driver);
        }

        public World World { get; }

        public Scheduler Scheduler => World.Scheduler;

        public GuestMemory Memory { get; }

        public ScriptedFsFreezeDevice Device { get; }

        public DriverInterruptLine Line { get; }

        public VirtioMmioTransport Transport { get; }

        public TamperingRegisters Registers { get; }

        public GuestAddressAllocator Allocator { get; }

        public FsFreezeDriver Driver { get; }

        public DriverRig Bound()
        {
            Assert.That(Driver.Probe(), Is.EqualTo(ProbeOutcome.Bound), "probe");
            return this;
        }

        public SuperBlock Disk(string path, FilesystemType? type = null, bool readOnly = false) =>
            World.MountDisk(type ?? FilesystemTypes.Ext4, path, (uint)nextMinor++, readOnly ? new MountOptions { ReadOnly = true } : null);

        public uint NextId() => ++nextId;

        /// <summary>Completes a request buffer with <paramref name="request"/> without running the guest.</summary>
        public void Post(FsFreezeRequest request, uint? usedLength = null) =>
            Assert.That(Device.Send(request.ToArray(), usedLength), Is.True, "a request buffer is posted (FF-DRV-2)");

        /// <summary>Sends <paramref name="request"/> and runs the guest until a new message arrives (virtual-time bound).</summary>
        public FsFreezeReply Exchange(FsFreezeRequest request, uint? usedLength = null)
        {
            int before = Device.Messages.Count;
            Post(request, usedLength);
            FsFreezeReply? reply = NextMessage(before);
            Assert.That(reply, Is.Not.Null, $"a reply to {request.Type}");
            return reply!.Value;
        }

        /// <summary>Runs until a message beyond <paramref name="before"/> arrives (at most an hour of virtual time).</summary>
        public FsFreezeReply? NextMessage(int before)
        {
            TimeSpan end = Scheduler.Clock.Now + TimeSpan.FromHours(1);
            Scheduler.RunUntil(() => Device.Messages.Count > before || Scheduler.Clock.Now >= end);
            if (Device.Messages.Count <= before)
            {
                return null;
            }

            Assert.That(FsFreezeReply.TryDecode(Device.Messages[before], out FsFreezeReply reply), Is.True, "reply framing");
            return reply;
        }

        public FsFreezeReply Freeze(uint deadlineMs = 30_000, ushort noticeMs = 0, params Selector[] selectors) =>
            Exchange(FsFreezeRequest.Freeze(NextId(), deadlineMs, noticeMs, selectors));

        public FsFreezeReply Thaw() => Exchange(FsFreezeRequest.Thaw(NextId()));

        public FsFreezeReply Status() => Exchange(FsFreezeRequest.Status(NextId()));

        /// <summary>Runs <see cref="FsFreezeDriver.Remove"/> to its end and returns its result.</summary>
        public bool Remove()
        {
            SimOperation<bool> removal = Driver.Remove();
            Scheduler.Spawn(removal.Name, removal);
            Scheduler.RunUntil(() => removal.IsDone);
            Assert.That(removal.IsDone, Is.True, "removal finished");
            return removal.Result;
        }

        /// <summary>Messages of <paramref name="type"/> the device read so far.</summary>
        public List<FsFreezeReply> MessagesOf(ReplyType type) => Device.Replies.Where(r => r.Type == type).ToList();

        /// <summary>The used ring (device area) of queue <paramref name="queue"/> as the driver configured it.</summary>
        public ulong UsedRing(uint queue) => Registers.Area(MmioRegister.QueueDeviceLow, MmioRegister.QueueDeviceHigh, queue);

        /// <summary>The size the driver gave queue <paramref name="queue"/>.</summary>
        public ushort QueueSize(uint queue) => (ushort)Registers.LastWrite(MmioRegister.QueueSize, queue);

        /// <summary>Rewrites the last used element of queue <paramref name="queue"/> (split ring) as a hostile device would.</summary>
        public void RewriteLastUsed(uint queue, uint? id = null, uint? length = null)
        {
            ulong used = UsedRing(queue);
            Assert.That(Memory.TryReadUInt16(used + 2, out ushort idx), Is.True);
            ulong element = used + 4 + (8UL * (ulong)((ushort)(idx - 1) % QueueSize(queue)));
            if (id is { } i)
            {
                Assert.That(Memory.TryWriteUInt32(element, i), Is.True);
            }

            if (length is { } l)
            {
                Assert.That(Memory.TryWriteUInt32(element + 4, l), Is.True);
            }
        }

        /// <summary>Moves queue <paramref name="queue"/>'s used index <paramref name="by"/> entries ahead, past anything in flight.</summary>
        public void JumpUsedIndex(uint queue, ushort by)
        {
            ulong used = UsedRing(queue);
            Assert.That(Memory.TryReadUInt16(used + 2, out ushort idx), Is.True);
            Assert.That(Memory.TryWriteUInt16(used + 2, (ushort)(idx + by)), Is.True);
        }

        /// <summary>A task that holds <paramref name="sb"/>'s s_umount shared for <paramref name="time"/>, as a long mount-table walk would.</summary>
        public void HoldUmount(SuperBlock sb, TimeSpan time) => Scheduler.Spawn($"hold {sb}", Hold(sb, time));

        private IEnumerable<Wait> Hold(SuperBlock sb, TimeSpan time)
        {
            foreach (Wait wait in sb.Umount.DownRead())
            {
                yield return wait;
            }

            yield return Scheduler.Sleep(time);
            sb.Umount.UpRead();
        }
    }
}
