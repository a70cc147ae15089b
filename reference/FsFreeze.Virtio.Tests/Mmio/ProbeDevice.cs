using System;
using FsFreeze.Virtio.Devices;

namespace FsFreeze.Virtio.Tests.Mmio
{
    /// <summary>A device that exposes its context and records hook calls, so tests can act as the device.</summary>
    internal sealed class ProbeDevice : VirtioDevice
    {
        public ProbeDevice(ulong features = 0, int configSize = 8, params ushort[] queueSizeMax)
            : base(0x42, 0x1AF4, features, queueSizeMax.Length == 0 ? new ushort[] { 16 } : queueSizeMax, configSize)
        {
        }

        public IVirtioDeviceContext DeviceContext => Context;

        public int DriverOkCalls { get; private set; }

        public int NotifyCalls { get; private set; }

        /// <summary>When set, OnQueueNotify runs it (a device body under test).</summary>
        public Action<int>? OnNotify { get; set; }

        protected internal override void ReadConfig(int offset, Span<byte> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (byte)(offset + i);
            }
        }

        protected internal override void OnDriverOk() => DriverOkCalls++;

        protected internal override void OnQueueNotify(int queueIndex)
        {
            NotifyCalls++;
            OnNotify?.Invoke(queueIndex);
        }
    }
}
