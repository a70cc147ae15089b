namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// What every virtio-mmio version 2 register file answers the same way, whatever device stands behind it
    /// (virtio 1.4 "MMIO Device Register Layout"): the split between control registers and the configuration space
    /// at 0x100, the FF-MMIO-3 rule that control registers take only aligned 32-bit accesses, the registers whose
    /// value is fixed (MagicValue, Version, the shared memory registers, QueueReset), ConfigGeneration, and the
    /// 32-bit feature windows of FF-MMIO-4. A subclass supplies the rest: the in-process transport
    /// (<see cref="VirtioMmioTransport"/>) and the vhost-user bridge share this one copy so they cannot drift apart.
    /// </summary>
    public abstract class MmioRegisterFile : IMmioRegisterFile
    {
        /// <summary>The ConfigGeneration register (FF-MMIO-10); it starts at 0 and only moves forward, reset included.</summary>
        public uint ConfigGeneration { get; private set; }

        /// <inheritdoc />
        public uint Read(ulong offset, int width)
        {
            if (offset >= MmioRegister.Config)
            {
                return ReadConfig(offset - MmioRegister.Config, width);
            }

            // FF-MMIO-3: control registers take only aligned 32-bit accesses; anything else reads 0.
            if (!IsControlAccess(offset, width))
            {
                return 0;
            }

            return offset switch
            {
                MmioRegister.MagicValue => MmioRegister.Magic,
                MmioRegister.Version => MmioRegister.VersionNumber,

                // No shared memory regions: the spec defines a length of -1 for an unused SHMSel; the base reads all
                // ones as well, so no value can be mistaken for a real region.
                MmioRegister.ShmLenLow or MmioRegister.ShmLenHigh or MmioRegister.ShmBaseLow or MmioRegister.ShmBaseHigh => uint.MaxValue,

                // VIRTIO_F_RING_RESET is not offered, so no queue is ever being reset.
                MmioRegister.QueueReset => 0,
                MmioRegister.ConfigGeneration => ConfigGeneration,
                _ => ReadRegister(offset),
            };
        }

        /// <inheritdoc />
        public void Write(ulong offset, int width, uint value)
        {
            if (offset >= MmioRegister.Config)
            {
                WriteConfig(offset - MmioRegister.Config, width, value);
                return;
            }

            // FF-MMIO-3: a narrow or misaligned store to a control register has no effect.
            if (IsControlAccess(offset, width))
            {
                WriteRegister(offset, value);
            }
        }

        /// <summary>
        /// The 32-bit window <paramref name="selector"/> of <paramref name="features"/>, as DeviceFeatures shows it
        /// (FF-MMIO-4: windows beyond bit 63 read 0, no feature lives there).
        /// </summary>
        protected static uint FeatureWindow(ulong features, uint selector) => selector switch
        {
            0 => (uint)features,
            1 => (uint)(features >> 32),
            _ => 0,
        };

        /// <summary>
        /// <paramref name="features"/> with window <paramref name="selector"/> replaced by <paramref name="value"/>, as a
        /// DriverFeatures store makes it (FF-MMIO-4: a store to a window beyond bit 63 changes nothing).
        /// </summary>
        protected static ulong WithFeatureWindow(ulong features, uint selector, uint value) => selector switch
        {
            0 => (features & 0xFFFF_FFFF_0000_0000UL) | value,
            1 => (features & 0xFFFF_FFFFUL) | ((ulong)value << 32),
            _ => features,
        };

        /// <summary>Moves ConfigGeneration on, as the device must whenever its configuration changes (FF-MMIO-10); wraps at 2^32.</summary>
        protected void AdvanceConfigGeneration()
        {
            unchecked
            {
                ConfigGeneration++;
            }
        }

        /// <summary>
        /// An aligned 32-bit load of a control register not answered here (every one but MagicValue, Version, the SHM
        /// registers, QueueReset and ConfigGeneration). Write-only and unassigned offsets should read 0.
        /// </summary>
        protected abstract uint ReadRegister(ulong offset);

        /// <summary>An aligned 32-bit store to a control register; read-only and unassigned offsets should ignore it (FF-MMIO-3).</summary>
        protected abstract void WriteRegister(ulong offset, uint value);

        /// <summary>A load of <paramref name="width"/> bytes at <paramref name="offset"/> into the configuration space; width and bounds unchecked.</summary>
        protected abstract uint ReadConfig(ulong offset, int width);

        /// <summary>A store of the low <paramref name="width"/> bytes of <paramref name="value"/> into the configuration space; width and bounds unchecked.</summary>
        protected abstract void WriteConfig(ulong offset, int width, uint value);

        /// <summary>FF-MMIO-3: a control register access is 4 bytes wide at a 4-byte-aligned offset.</summary>
        private static bool IsControlAccess(ulong offset, int width) =>
            width == MmioRegister.ControlRegisterWidth && offset % MmioRegister.ControlRegisterWidth == 0;
    }
}
