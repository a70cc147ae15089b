using System;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// Request bytes the host side chose itself, sent for driver testing (<see cref="FsFreezeDevice.SendRaw"/>): they
    /// may break every rule a production device keeps (FF-DEV-7, FF-DEV-16), which is the point of sending them.
    /// </summary>
    /// <param name="Bytes">Every byte written into the request buffer; the driver may read only the first <paramref name="UsedLength"/>.</param>
    /// <param name="UsedLength">The used length given with the buffer.</param>
    /// <param name="EchoType">The <c>type</c> a reply must echo: read from the used bytes, 0 when they are too short to hold it (FF-DRV-8).</param>
    /// <param name="EchoRequestId">The <c>request_id</c> a reply must echo: read from the used bytes, 0 when they are too short to hold it.</param>
    public sealed record RawRequest(byte[] Bytes, uint UsedLength, ushort EchoType, uint EchoRequestId)
    {
        /// <summary>The bytes the driver may read: the first <see cref="UsedLength"/> of <see cref="Bytes"/>.</summary>
        public ReadOnlySpan<byte> Used => Bytes.AsSpan(0, (int)UsedLength);
    }
}
