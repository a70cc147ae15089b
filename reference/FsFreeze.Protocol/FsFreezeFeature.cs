namespace FsFreeze.Protocol
{
    /// <summary>
    /// The device-specific feature bits of virtio-fsfreeze, spec "Feature bits". Bits 4 to 23 are reserved and
    /// never offered (FF-DEV-3, FF-DRV-4).
    /// </summary>
    public static class FsFreezeFeature
    {
        /// <summary>VIRTIO_FSFREEZE_F_SB_DETAIL: replies carry one entry per superblock.</summary>
        public const int SbDetail = 0;

        /// <summary>VIRTIO_FSFREEZE_F_SELECTIVE: a FREEZE may name the filesystems to freeze.</summary>
        public const int Selective = 1;

        /// <summary>VIRTIO_FSFREEZE_F_APP_NOTICE: guest applications are told before the freeze and after the thaw.</summary>
        public const int AppNotice = 2;

        /// <summary>VIRTIO_FSFREEZE_F_EVENTS: the driver reports thaws the host did not ask for.</summary>
        public const int Events = 3;

        /// <summary>Mask of every defined device-specific bit (0 to 3).</summary>
        public const ulong KnownMask = 0xF;

        /// <summary>Mask of the reserved device-specific bits 4 to 23, never offered nor accepted.</summary>
        public const ulong ReservedMask = 0xFFFFF0;

        /// <summary>The mask of feature bit <paramref name="bit"/>.</summary>
        public static ulong Mask(int bit) => 1UL << bit;

        /// <summary>True when <paramref name="bit"/> is set in <paramref name="negotiatedFeatures"/>.</summary>
        public static bool IsNegotiated(ulong negotiatedFeatures, int bit) => (negotiatedFeatures & Mask(bit)) != 0;
    }
}
