using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// Sits between the driver model and the transport: records every register write (with the QueueSel in force)
    /// and lets a test change what a register read returns, to play a device that misbehaves during probe
    /// (a Status that does not clear, a FEATURES_OK that does not stick, a ConfigGeneration that keeps moving).
    /// </summary>
    internal sealed class TamperingRegisters : IMmioRegisterFile
    {
        private readonly IMmioRegisterFile inner;
        private uint queueSel;

        public TamperingRegisters(IMmioRegisterFile inner) => this.inner = inner;

        /// <summary>Given (offset, the device's value, QueueSel), returns what the driver reads.</summary>
        public Func<ulong, uint, uint, uint>? OnRead { get; set; }

        /// <summary>Every write: offset, value, QueueSel at the time.</summary>
        public List<(ulong Offset, uint Value, uint QueueSel)> Writes { get; } = new();

        public int Reads { get; private set; }

        public uint Read(ulong offset, int width)
        {
            Reads++;
            uint value = inner.Read(offset, width);
            return OnRead is null ? value : OnRead(offset, value, queueSel);
        }

        public void Write(ulong offset, int width, uint value)
        {
            if (offset == MmioRegister.QueueSel)
            {
                queueSel = value;
            }

            Writes.Add((offset, value, queueSel));
            inner.Write(offset, width, value);
        }

        /// <summary>The values written to <paramref name="offset"/>, in order.</summary>
        public List<uint> WritesTo(ulong offset) => Writes.FindAll(w => w.Offset == offset).ConvertAll(static w => w.Value);

        /// <summary>The last value written to <paramref name="offset"/> while queue <paramref name="queue"/> was selected.</summary>
        public uint LastWrite(ulong offset, uint queue) => Writes.FindLast(w => w.Offset == offset && w.QueueSel == queue).Value;

        /// <summary>A queue's area as the driver wrote it (low and high halves).</summary>
        public ulong Area(ulong low, ulong high, uint queue) => LastWrite(low, queue) | ((ulong)LastWrite(high, queue) << 32);
    }
}
