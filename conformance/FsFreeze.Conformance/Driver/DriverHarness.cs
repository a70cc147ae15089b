using System;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// A driver under test wired to the scripted device through the reference virtio-mmio transport, over a
    /// simulated guest (scheduler, VFS, memory). Helpers send request bytes and run the guest until a reply.
    /// </summary>
    public sealed class DriverHarness
    {
        /// <summary>Guest-physical base of guest memory.</summary>
        public const ulong MemoryBase = 0x10_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 4 << 20;

        /// <summary>All four device-specific features.</summary>
        public const ulong AllFeatures = FsFreezeFeature.KnownMask;

        private int nextMinor = 1;
        private uint nextId = 1;

        /// <summary>Builds the guest, the device and the driver; does not probe.</summary>
        /// <remarks><paramref name="memory"/>, when given, is the guest memory (<see cref="MemorySize"/> bytes at <see cref="MemoryBase"/>, for example with guard bands).</remarks>
        public DriverHarness(IDriverImplementation implementation, ulong offered = AllFeatures, ulong supported = AllFeatures, FsFreezeConfig? config = null, ulong seed = 1, uint deviceId = FsFreezeDevice.DeviceId, ushort queueSizeMax = 16, int queueCount = 2, SchedulingPolicy policy = SchedulingPolicy.Fifo, GuestMemory? memory = null)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            Scheduler = new Scheduler(seed, policy);
            Vfs = new VirtualFileSystem(Scheduler);
            Memory = memory ?? GuestMemory.Allocate(MemoryBase, MemorySize);
            Device = new ScriptedFsFreezeDevice(offered, config ?? new FsFreezeConfig(8192, 64, 600_000), deviceId, queueSizeMax: queueSizeMax, queueCount: queueCount);
            var line = new HarnessLine();
            Transport = new VirtioMmioTransport(Device, Memory, line);
            Registers = new RecordingRegisters(Transport);
            Driver = implementation.Create(Registers, Memory, new GuestAddressAllocator(MemoryBase, MemorySize), Vfs, supported);
            line.Target = Driver;
        }

        /// <summary>The scheduler all guest tasks and timers run on.</summary>
        public Scheduler Scheduler { get; }

        /// <summary>The guest VFS.</summary>
        public VirtualFileSystem Vfs { get; }

        /// <summary>Guest memory.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The scripted device.</summary>
        public ScriptedFsFreezeDevice Device { get; }

        /// <summary>The transport.</summary>
        public VirtioMmioTransport Transport { get; }

        /// <summary>The register recorder between driver and transport.</summary>
        public RecordingRegisters Registers { get; }

        /// <summary>The driver under test.</summary>
        public IDriverUnderTest Driver { get; }

        /// <summary>Probes and asserts success.</summary>
        public DriverHarness Bound()
        {
            Assert.That(Driver.Probe(), Is.True, "probe");
            return this;
        }

        /// <summary>Mounts a new disk of <paramref name="type"/> at <paramref name="path"/>.</summary>
        public SuperBlock Mount(FilesystemType type, string path, bool readOnly = false)
        {
            ArgumentNullException.ThrowIfNull(type);
            if (!type.HasBackingDevice)
            {
                return Vfs.Mount(type, null, path).Mount!.SuperBlock;
            }

            int minor = nextMinor++;
            DiskDevice disk = Vfs.AddDisk($"/dev/vd{minor}", 253, (uint)minor);
            (Errno error, Mount? mount) = Vfs.Mount(type, disk, path, readOnly ? new MountOptions { ReadOnly = true } : null);
            Assert.That(error, Is.EqualTo(Errno.None));
            return mount!.SuperBlock;
        }

        /// <summary>A fresh request id.</summary>
        public uint NextId() => nextId++;

        /// <summary>Sends raw bytes and runs the guest until a new message arrives (or <paramref name="limit"/> passes).</summary>
        public FsFreezeReply? Exchange(byte[] bytes, TimeSpan? limit = null)
        {
            int before = Device.Messages.Count;
            Assert.That(Device.Send(bytes), Is.True, "the driver keeps a request buffer posted (FF-DRV-2)");
            return RunUntilMessage(before, limit);
        }

        /// <summary>Runs until a message beyond <paramref name="before"/> arrives; returns it, or null.</summary>
        public FsFreezeReply? RunUntilMessage(int before, TimeSpan? limit = null)
        {
            TimeSpan end = Scheduler.Clock.Now + (limit ?? TimeSpan.FromHours(1));
            Scheduler.RunUntil(() => Device.Messages.Count > before || Scheduler.Clock.Now >= end);
            Scheduler.RunUntilIdle();
            if (Device.Messages.Count <= before)
            {
                return null;
            }

            Assert.That(FsFreezeReply.TryDecode(Device.Messages[before], out FsFreezeReply reply), Is.True, "reply framing");
            return reply;
        }

        /// <summary>FREEZE with a deadline, notice and selectors.</summary>
        public FsFreezeReply Freeze(uint deadlineMs = 30_000, ushort noticeMs = 0, params Selector[] selectors) =>
            Exchange(FsFreezeRequest.Freeze(NextId(), deadlineMs, noticeMs, selectors).ToArray())!.Value;

        /// <summary>THAW.</summary>
        public FsFreezeReply Thaw() => Exchange(FsFreezeRequest.Thaw(NextId()).ToArray())!.Value;

        /// <summary>STATUS.</summary>
        public FsFreezeReply Status() => Exchange(FsFreezeRequest.Status(NextId()).ToArray())!.Value;

        /// <summary>Superblocks with a kernel freeze hold.</summary>
        public SuperBlock[] KernelFrozen() => Vfs.SuperBlocks.Where(static sb => sb.KernelFreezeCount > 0).ToArray();

        private sealed class HarnessLine : IInterruptLine
        {
            public IDriverUnderTest? Target { get; set; }

            public void Raise(MmioInterrupt pending) => Target?.OnInterrupt();
        }
    }
}
