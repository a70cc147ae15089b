using System;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>Configuration space access from the driver side (virtio 1.4 "Device Configuration Space").</summary>
    public sealed partial class MmioDriverSession
    {
        /// <summary>
        /// Reads <paramref name="destination"/>.Length configuration bytes at <paramref name="offset"/> consistently:
        /// ConfigGeneration, the bytes (in the widest naturally aligned pieces of 4, 2 or 1 bytes), ConfigGeneration
        /// again, repeated until both generations match (FF-MMIO-10). False when the configuration kept changing for
        /// <see cref="MaxConfigReadAttempts"/> attempts.
        /// </summary>
        public bool TryReadConfig(int offset, Span<byte> destination)
        {
            if (offset < 0)
            {
                return false;
            }

            for (int attempt = 0; attempt < MaxConfigReadAttempts; attempt++)
            {
                uint before = ReadRegister(MmioRegister.ConfigGeneration);
                ReadConfigOnce(offset, destination);
                if (ReadRegister(MmioRegister.ConfigGeneration) == before)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Writes one configuration field of <paramref name="width"/> bytes (1, 2 or 4): the field's own width.</summary>
        public void WriteConfig(int offset, int width, uint value) =>
            _registers.Write(MmioRegister.Config + (ulong)offset, width, value);

        private void ReadConfigOnce(int offset, Span<byte> destination)
        {
            int position = 0;
            while (position < destination.Length)
            {
                int at = offset + position;
                int remaining = destination.Length - position;
                int width = remaining >= 4 && at % 4 == 0 ? 4 : remaining >= 2 && at % 2 == 0 ? 2 : 1;
                uint value = _registers.Read(MmioRegister.Config + (ulong)at, width);
                for (int i = 0; i < width; i++)
                {
                    destination[position + i] = (byte)(value >> (8 * i));
                }

                position += width;
            }
        }
    }
}
