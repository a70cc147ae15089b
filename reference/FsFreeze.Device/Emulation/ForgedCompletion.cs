namespace FsFreeze.Device.Emulation
{
    /// <summary>What <see cref="FsFreezeDevice.ForgeUsed"/> put on the requestq used ring.</summary>
    /// <param name="ConsumedId">The id of the posted request buffer the forgery consumed (the driver no longer holds it posted).</param>
    /// <param name="BufferLength">That buffer's device-writable length.</param>
    /// <param name="UsedId">The id the used element carries: <paramref name="ConsumedId"/> or the forged one.</param>
    /// <param name="UsedLength">The used length the element carries.</param>
    public readonly record struct ForgedCompletion(ushort ConsumedId, uint BufferLength, uint UsedId, uint UsedLength)
    {
        /// <summary>True when the element names a buffer other than the one consumed.</summary>
        public bool IdForged => UsedId != ConsumedId;

        /// <summary>True when the used length exceeds the buffer.</summary>
        public bool LengthForged => UsedLength > BufferLength;
    }
}
