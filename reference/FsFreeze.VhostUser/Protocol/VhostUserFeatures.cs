namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>Feature-word helpers: the one vhost-user bit in the virtio feature word, and protocol feature masks.</summary>
    public static class VhostUserFeatures
    {
        /// <summary>
        /// VHOST_USER_F_PROTOCOL_FEATURES, bit 30 of GET_FEATURES: the back-end speaks GET/SET_PROTOCOL_FEATURES, and
        /// rings start disabled until SET_VRING_ENABLE. It is not a virtio feature and never reaches the device.
        /// </summary>
        public const int ProtocolFeaturesBit = 30;

        /// <summary>The mask of <see cref="ProtocolFeaturesBit"/>.</summary>
        public const ulong ProtocolFeatures = 1UL << ProtocolFeaturesBit;

        /// <summary>The mask of one protocol feature.</summary>
        public static ulong Mask(VhostUserProtocolFeature feature) => 1UL << (int)feature;

        /// <summary>True when <paramref name="feature"/> is set in <paramref name="features"/>.</summary>
        public static bool Has(ulong features, VhostUserProtocolFeature feature) => (features & Mask(feature)) != 0;
    }
}
