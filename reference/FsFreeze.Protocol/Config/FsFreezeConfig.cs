using System;
using System.Buffers.Binary;

namespace FsFreeze.Protocol.Config
{
    /// <summary>
    /// The device configuration, spec "Device configuration layout". All fields little-endian, read-only to the
    /// driver (FF-DRV-6).
    /// <code>
    /// struct virtio_fsfreeze_config {
    ///     le32 request_size;     /* +0  bytes of the largest request the device sends */
    ///     le32 max_entries;      /* +4  most per-superblock entries the device accepts in one reply */
    ///     le32 max_deadline_ms;  /* +8  longest deadline the device asks for */
    /// };                         /* 12 bytes */
    /// </code>
    /// </summary>
    public readonly struct FsFreezeConfig
    {
        /// <summary>Bytes of the configuration.</summary>
        public const int Size = 12;

        /// <summary>Offset of <c>request_size</c>.</summary>
        public const int RequestSizeOffset = 0;

        /// <summary>Offset of <c>max_entries</c>.</summary>
        public const int MaxEntriesOffset = 4;

        /// <summary>Offset of <c>max_deadline_ms</c>.</summary>
        public const int MaxDeadlineMsOffset = 8;

        /// <summary>Smallest <c>request_size</c> (FF-DEV-5): one request header.</summary>
        public const uint MinRequestSize = 16;

        /// <summary>Largest <c>request_size</c> (FF-DEV-5).</summary>
        public const uint MaxRequestSize = 65536;

        /// <summary>Largest <c>max_entries</c> (FF-DEV-5).</summary>
        public const uint MaxMaxEntries = 4096;

        /// <summary>Smallest <c>max_deadline_ms</c> (FF-DEV-5).</summary>
        public const uint MinMaxDeadlineMs = 1;

        /// <summary>A configuration with the given fields.</summary>
        public FsFreezeConfig(uint requestSize, uint maxEntries, uint maxDeadlineMs)
        {
            RequestSize = requestSize;
            MaxEntries = maxEntries;
            MaxDeadlineMs = maxDeadlineMs;
        }

        /// <summary><c>request_size</c>: bytes of the largest request the device sends; request buffers are at least this big (FF-DRV-2).</summary>
        public uint RequestSize { get; }

        /// <summary><c>max_entries</c>: most per-superblock entries the device accepts in one reply (FF-DRV-26).</summary>
        public uint MaxEntries { get; }

        /// <summary><c>max_deadline_ms</c>: longest deadline the device asks for.</summary>
        public uint MaxDeadlineMs { get; }

        /// <summary>Checks the value ranges of FF-DEV-5 (that nothing changes under DRIVER_OK is the transport's part).</summary>
        public ConfigProblem Validate()
        {
            if (RequestSize < MinRequestSize)
            {
                return ConfigProblem.RequestSizeTooSmall;
            }

            if (RequestSize > MaxRequestSize)
            {
                return ConfigProblem.RequestSizeTooLarge;
            }

            if (MaxEntries > MaxMaxEntries)
            {
                return ConfigProblem.MaxEntriesTooLarge;
            }

            return MaxDeadlineMs < MinMaxDeadlineMs ? ConfigProblem.MaxDeadlineZero : ConfigProblem.None;
        }

        /// <summary>Writes the 12 bytes into <paramref name="destination"/>; false (nothing written) when it is shorter.</summary>
        public bool TryEncode(Span<byte> destination)
        {
            if (destination.Length < Size)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(RequestSizeOffset), RequestSize);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(MaxEntriesOffset), MaxEntries);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(MaxDeadlineMsOffset), MaxDeadlineMs);
            return true;
        }

        /// <summary>Writes the 12 bytes into <paramref name="destination"/> and returns 12.</summary>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 12 bytes.</exception>
        public int Encode(Span<byte> destination) =>
            TryEncode(destination) ? Size : throw new ArgumentException("The configuration needs 12 bytes.", nameof(destination));

        /// <summary>Reads a configuration; false when <paramref name="bytes"/> is shorter than 12 bytes. Any field values decode; check them with <see cref="Validate"/>.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> bytes, out FsFreezeConfig config)
        {
            if (bytes.Length < Size)
            {
                config = default;
                return false;
            }

            config = new FsFreezeConfig(
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(RequestSizeOffset)),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(MaxEntriesOffset)),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(MaxDeadlineMsOffset)));
            return true;
        }
    }
}
