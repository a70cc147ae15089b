using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using FsFreeze.Device.BlockLayer;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>
    /// A guest disk whose blocks are the host's <see cref="VirtualDisk"/>: each model block is a 16-byte slot (a
    /// written marker and the value). A write is a block request that stays in flight until a completion timer
    /// finishes it, and waits unsubmitted-to-flight while the host blocks I/O, so the host's image copy is what a
    /// snapshot of the VM's disk would contain (FF-HOST-4, FF-HOST-5).
    /// </summary>
    public sealed class HostDiskBackend : IBlockBackend
    {
        /// <summary>Bytes per model block on the virtual disk.</summary>
        public const int SlotSize = 16;

        private const long WrittenMarker = 0x4653_4652_424C_4B31; // "1KLBRFSF": this slot was written.

        private readonly Scheduler scheduler;
        private readonly WaitQueue completed;
        private readonly SystemTicker ticker;

        /// <summary>Puts the guest's blocks on <paramref name="disk"/>; requests complete on <paramref name="ticker"/>'s ticks.</summary>
        public HostDiskBackend(VirtualDisk disk, Scheduler scheduler, SystemTicker ticker)
        {
            ArgumentNullException.ThrowIfNull(disk);
            ArgumentNullException.ThrowIfNull(scheduler);
            ArgumentNullException.ThrowIfNull(ticker);
            Disk = disk;
            this.scheduler = scheduler;
            this.ticker = ticker;
            completed = new WaitQueue(disk.Name + ".io");
            ticker.OnTick(Tick);
        }

        /// <summary>The host's virtual disk.</summary>
        public VirtualDisk Disk { get; }

        /// <summary>Called when a write is submitted, with the block and value (a system harness records metadata here).</summary>
        public Action<long, long>? Submitted { get; set; }

        /// <summary>Reads block <paramref name="block"/> out of a disk image (the live one or a host copy); null when never written.</summary>
        public static long? ReadSlot(ReadOnlySpan<byte> image, long block)
        {
            long offset = block * SlotSize;
            if (block < 0 || offset + SlotSize > image.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> slot = image.Slice((int)offset, SlotSize);
            return BinaryPrimitives.ReadInt64LittleEndian(slot) == WrittenMarker ? BinaryPrimitives.ReadInt64LittleEndian(slot[8..]) : null;
        }

        /// <inheritdoc />
        public SimOperation<Errno> Write(long block, long value) => new($"virtio-blk write {Disk.Name}:{block}", op => WriteBody(op, block, value));

        /// <inheritdoc />
        public long? Read(long block) => ReadSlot(Disk.Image, block);

        /// <inheritdoc />
        /// <remarks>Never: every write is a request the host completes later.</remarks>
        public bool TryWriteImmediate(long block, long value) => false;

        private IEnumerable<Wait> WriteBody(SimOperation<Errno> op, long block, long value)
        {
            byte[] slot = new byte[SlotSize];
            BinaryPrimitives.WriteInt64LittleEndian(slot, WrittenMarker);
            BinaryPrimitives.WriteInt64LittleEndian(slot.AsSpan(8), value);
            BlockRequest request = Disk.SubmitWrite(block * SlotSize, slot);
            Submitted?.Invoke(block, value);
            ArmCompletion();
            while (!request.IsCompleted)
            {
                yield return completed;
            }

            op.Complete(Errno.None);
        }

        /// <summary>
        /// The disk's completion interrupt, at a tick: in-flight requests complete in a seeded order (so completions
        /// reorder, as on real hardware), one or two per tick. Ticks continue while requests are in flight or held
        /// back by a block.
        /// </summary>
        private void ArmCompletion()
        {
            if (Disk.InFlightCount + Disk.WaitingCount > 0)
            {
                ticker.Arm();
            }
        }

        private void Tick()
        {
            int budget = 1 + scheduler.Random.NextInt(2);
            bool any = false;
            for (int i = 0; i < budget && Disk.InFlightCount > 0; i++)
            {
                Disk.CompleteOne(scheduler.Random.NextInt(Disk.InFlightCount));
                any = true;
            }

            if (any)
            {
                completed.WakeAll();
            }

            ArmCompletion();
        }
    }
}
