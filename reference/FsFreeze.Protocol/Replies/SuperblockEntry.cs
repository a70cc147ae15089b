using System;
using System.Buffers.Binary;
using FsFreeze.Protocol.Wire;

namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// One per-superblock entry of a reply with SB_DETAIL, spec "Messages" (FF-DRV-26).
    /// <code>
    /// struct virtio_fsfreeze_entry {         /* 32 bytes */
    ///     le32 dev_major;       /* +0   the superblock's device number (s_dev), major part */
    ///     le32 dev_minor;       /* +4   minor part */
    ///     le16 result;          /* +8   0 FROZEN, 1 THAWED, 2 SKIPPED_UNFREEZABLE, 3 SKIPPED_NOT_SELECTED,
    ///                                   4 FAILED, 5 ROLLED_BACK */
    ///     le16 flags;           /* +10  bit 0 READ_ONLY, bit 1 USER_FROZEN (also frozen by a userspace holder) */
    ///     le32 error;           /* +12  FAILED: the positive errno; otherwise 0 */
    ///     u8   fs_type[16];     /* +16  filesystem type name, NUL-padded, for example "ext4" */
    /// };
    /// </code>
    /// </summary>
    public readonly struct SuperblockEntry
    {
        /// <summary>Bytes of an entry.</summary>
        public const int Size = 32;

        /// <summary>Offset of <c>dev_major</c>.</summary>
        public const int DevMajorOffset = 0;

        /// <summary>Offset of <c>dev_minor</c>.</summary>
        public const int DevMinorOffset = 4;

        /// <summary>Offset of <c>result</c>.</summary>
        public const int ResultOffset = 8;

        /// <summary>Offset of <c>flags</c>.</summary>
        public const int FlagsOffset = 10;

        /// <summary>Offset of <c>error</c>.</summary>
        public const int ErrorOffset = 12;

        /// <summary>Offset of <c>fs_type</c>.</summary>
        public const int FsTypeOffset = 16;

        /// <summary>Bytes of <c>fs_type</c>.</summary>
        public const int FsTypeSize = FsTypeName.FieldSize;

        /// <summary>The flag bits the spec defines; any other set bit breaks the protocol.</summary>
        public const EntryFlags KnownFlags = EntryFlags.ReadOnly | EntryFlags.UserFrozen;

        private readonly ulong _fsTypeLow;
        private readonly ulong _fsTypeHigh;

        /// <summary><c>dev_major</c>: the major part of the superblock's s_dev.</summary>
        public uint DevMajor { get; init; }

        /// <summary><c>dev_minor</c>: the minor part of the superblock's s_dev.</summary>
        public uint DevMinor { get; init; }

        /// <summary><c>result</c>: what the request did to this superblock.</summary>
        public EntryResult Result { get; init; }

        /// <summary><c>flags</c>.</summary>
        public EntryFlags Flags { get; init; }

        /// <summary><c>error</c>: FAILED: the positive errno; otherwise 0.</summary>
        public uint Error { get; init; }

        /// <summary>
        /// <c>fs_type</c>: the filesystem type name without its NUL padding, at most 16 UTF-8 bytes. The entry keeps
        /// the field's raw bytes (see <see cref="CopyFsTypeTo"/>); this decodes them on each call.
        /// </summary>
        /// <exception cref="ArgumentException">Set to a name of more than 16 UTF-8 bytes or holding a NUL.</exception>
        public string FsType
        {
            get => FsTypeName.Unpack(_fsTypeLow, _fsTypeHigh);
            init
            {
                ArgumentNullException.ThrowIfNull(value);
                (_fsTypeLow, _fsTypeHigh) = FsTypeName.Pack(value);
            }
        }

        /// <summary>Copies the raw 16-byte <c>fs_type</c> field into <paramref name="destination"/>.</summary>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
        public void CopyFsTypeTo(Span<byte> destination)
        {
            if (destination.Length < FsTypeSize)
            {
                throw new ArgumentException("fs_type is 16 bytes.", nameof(destination));
            }

            FsTypeName.Write(_fsTypeLow, _fsTypeHigh, destination);
        }

        /// <summary>Writes the 32 bytes at the start of <paramref name="destination"/>; false, with nothing written, when it is shorter.</summary>
        public bool TryEncode(Span<byte> destination)
        {
            if (destination.Length < Size)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(DevMajorOffset), DevMajor);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(DevMinorOffset), DevMinor);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(ResultOffset), (ushort)Result);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(FlagsOffset), (ushort)Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(ErrorOffset), Error);
            FsTypeName.Write(_fsTypeLow, _fsTypeHigh, destination.Slice(FsTypeOffset, FsTypeSize));
            return true;
        }

        /// <summary>
        /// Reads the 32 bytes at the start of <paramref name="bytes"/> as they are, each once; <see cref="Check"/>
        /// says whether they keep the rules. Allocates nothing.
        /// </summary>
        internal static SuperblockEntry Read(ReadOnlySpan<byte> bytes) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(DevMajorOffset)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(DevMinorOffset)),
            (EntryResult)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(ResultOffset)),
            (EntryFlags)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(FlagsOffset)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(ErrorOffset)),
            FsTypeName.Read(bytes.Slice(FsTypeOffset, FsTypeSize)));

        private SuperblockEntry(uint devMajor, uint devMinor, EntryResult result, EntryFlags flags, uint error, (ulong Low, ulong High) fsType)
        {
            DevMajor = devMajor;
            DevMinor = devMinor;
            Result = result;
            Flags = flags;
            Error = error;
            (_fsTypeLow, _fsTypeHigh) = fsType;
        }

        /// <summary>
        /// The field rules of one entry (FF-DEV-12: the entry must not break the document): a known result, only
        /// defined flags, an errno exactly when FAILED, NUL padding.
        /// </summary>
        internal ReplyProblem Check()
        {
            if (Result > EntryResult.RolledBack)
            {
                return ReplyProblem.UnknownEntryResult;
            }

            if ((Flags & ~KnownFlags) != 0)
            {
                return ReplyProblem.UnknownEntryFlags;
            }

            if ((Result == EntryResult.Failed) != (Error != 0))
            {
                return ReplyProblem.EntryErrorMismatch;
            }

            return FsTypeName.IsNulPadded(_fsTypeLow, _fsTypeHigh) ? ReplyProblem.None : ReplyProblem.FsTypeNotNulPadded;
        }
    }
}
