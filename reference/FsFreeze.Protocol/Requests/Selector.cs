using System;
using System.Buffers.Binary;
using System.Text;
using FsFreeze.Protocol.Wire;

namespace FsFreeze.Protocol.Requests
{
    /// <summary>
    /// One selector of a FREEZE with SELECTIVE, spec "Messages" (FF-DRV-18).
    /// <code>
    /// struct virtio_fsfreeze_selector {
    ///     le16 kind;            /* +0   1 DEVICE, 2 MOUNT_PATH */
    ///     le16 length;          /* +2   payload bytes */
    ///     u8   payload[];       /* +4   DEVICE: le32 major, le32 minor (length 8)
    ///                                   MOUNT_PATH: an absolute path in UTF-8, no NUL, 1 to 4096 bytes */
    ///     /* padded with zeroes to a multiple of 8 bytes */
    /// };
    /// </code>
    /// The selector holds its kind and raw payload, so a test can build any selector, a malformed one included;
    /// the encoder writes what it holds. A decoded selector always keeps the rules of FF-DRV-11.
    /// </summary>
    public readonly struct Selector
    {
        /// <summary>Offset of <c>kind</c>.</summary>
        public const int KindOffset = 0;

        /// <summary>Offset of <c>length</c>.</summary>
        public const int LengthOffset = 2;

        /// <summary>Offset of <c>payload</c>.</summary>
        public const int PayloadOffset = 4;

        /// <summary>Offset of <c>major</c> in a DEVICE payload.</summary>
        public const int DeviceMajorOffset = 0;

        /// <summary>Offset of <c>minor</c> in a DEVICE payload.</summary>
        public const int DeviceMinorOffset = 4;

        /// <summary>The one valid DEVICE payload length.</summary>
        public const int DevicePayloadLength = 8;

        /// <summary>Shortest MOUNT_PATH payload.</summary>
        public const int MinPathLength = 1;

        /// <summary>Longest MOUNT_PATH payload (Linux PATH_MAX).</summary>
        public const int MaxPathLength = 4096;

        /// <summary>Smallest encoded selector: a header padded to 8 bytes.</summary>
        public const int MinEncodedLength = 8;

        private readonly ReadOnlyMemory<byte> _payload;

        /// <summary>A selector of <paramref name="kind"/> with <paramref name="payload"/> as is; use <see cref="Device"/> or <see cref="MountPath(string)"/> for valid ones.</summary>
        public Selector(SelectorKind kind, ReadOnlyMemory<byte> payload)
        {
            Kind = kind;
            _payload = payload;
        }

        /// <summary>The selector's kind (possibly undefined, for a crafted selector).</summary>
        public SelectorKind Kind { get; }

        /// <summary>The payload bytes.</summary>
        public ReadOnlyMemory<byte> Payload => _payload;

        /// <summary>DEVICE: the major number; otherwise 0.</summary>
        public uint Major => IsDevice ? BinaryPrimitives.ReadUInt32LittleEndian(_payload.Span.Slice(DeviceMajorOffset)) : 0;

        /// <summary>DEVICE: the minor number; otherwise 0.</summary>
        public uint Minor => IsDevice ? BinaryPrimitives.ReadUInt32LittleEndian(_payload.Span.Slice(DeviceMinorOffset)) : 0;

        /// <summary>MOUNT_PATH: the path decoded from UTF-8 (allocates; the driver may prefer <see cref="Payload"/>); otherwise empty.</summary>
        public string Path => Kind == SelectorKind.MountPath && !_payload.IsEmpty ? Encoding.UTF8.GetString(_payload.ToArray()) : string.Empty;

        /// <summary>Bytes the selector occupies in a request, padding included.</summary>
        public int EncodedLength => (int)Padding.Align8(PayloadOffset + _payload.Length);

        private bool IsDevice => Kind == SelectorKind.Device && _payload.Length == DevicePayloadLength;

        /// <summary>A DEVICE selector naming <paramref name="major"/>:<paramref name="minor"/>.</summary>
        public static Selector Device(uint major, uint minor)
        {
            byte[] payload = new byte[DevicePayloadLength];
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(DeviceMajorOffset), major);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(DeviceMinorOffset), minor);
            return new Selector(SelectorKind.Device, payload);
        }

        /// <summary>A MOUNT_PATH selector naming <paramref name="path"/>, encoded in UTF-8 (not checked: a test may want a bad path).</summary>
        public static Selector MountPath(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            return new Selector(SelectorKind.MountPath, Encoding.UTF8.GetBytes(path));
        }

        /// <summary>
        /// Writes the selector and its zero padding at the start of <paramref name="destination"/>. False, with
        /// nothing written, when the span is too short or the payload is longer than a u16 length can say.
        /// </summary>
        public bool TryEncode(Span<byte> destination, out int bytesWritten)
        {
            int length = EncodedLength;
            if (_payload.Length > ushort.MaxValue || destination.Length < length)
            {
                bytesWritten = 0;
                return false;
            }

            Span<byte> target = destination.Slice(0, length);
            target.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(target.Slice(KindOffset), (ushort)Kind);
            BinaryPrimitives.WriteUInt16LittleEndian(target.Slice(LengthOffset), (ushort)_payload.Length);
            _payload.Span.CopyTo(target.Slice(PayloadOffset));
            bytesWritten = length;
            return true;
        }
    }
}
