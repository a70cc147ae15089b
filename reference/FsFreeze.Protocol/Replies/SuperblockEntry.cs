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

        private readonly string? _fsType;

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

        /// <summary><c>fs_type</c>: the filesystem type name without its NUL padding, at most 16 UTF-8 bytes.</summary>
        public string FsType
        {
            get => _fsType ?? string.Empty;
            init => _fsType = value;
        }

        /// <summary>
        /// Writes the 32 bytes at the start of <paramref name="destination"/>. False, with nothing written, when it
        /// is shorter than 32 bytes or <see cref="FsType"/> needs more than 16 bytes or holds a NUL.
        /// </summary>
        public bool TryEncode(Span<byte> destination)
        {
            if (destination.Length < Size || FsTypeName.EncodedLength(FsType) < 0)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(DevMajorOffset), DevMajor);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(DevMinorOffset), DevMinor);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(ResultOffset), (ushort)Result);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(FlagsOffset), (ushort)Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(ErrorOffset), Error);
            FsTypeName.Write(FsType, destination.Slice(FsTypeOffset, FsTypeSize));
            return true;
        }

        /// <summary>Reads the 32 bytes at the start of <paramref name="bytes"/> as they are; <see cref="Check"/> says whether they keep the rules.</summary>
        internal static SuperblockEntry Read(ReadOnlySpan<byte> bytes) => new()
        {
            DevMajor = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(DevMajorOffset)),
            DevMinor = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(DevMinorOffset)),
            Result = (EntryResult)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(ResultOffset)),
            Flags = (EntryFlags)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(FlagsOffset)),
            Error = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(ErrorOffset)),
            FsType = FsTypeName.Read(bytes.Slice(FsTypeOffset, FsTypeSize)),
        };

        /// <summary>
        /// The field rules of one entry as read from <paramref name="bytes"/> (FF-DEV-12: the entry must not break
        /// the document): a known result, only defined flags, an errno exactly when FAILED, NUL padding.
        /// </summary>
        internal static ReplyProblem Check(ReadOnlySpan<byte> bytes, SuperblockEntry entry)
        {
            if (entry.Result > EntryResult.RolledBack)
            {
                return ReplyProblem.UnknownEntryResult;
            }

            if ((entry.Flags & ~KnownFlags) != 0)
            {
                return ReplyProblem.UnknownEntryFlags;
            }

            if ((entry.Result == EntryResult.Failed) != (entry.Error != 0))
            {
                return ReplyProblem.EntryErrorMismatch;
            }

            return FsTypeName.IsNulPadded(bytes.Slice(FsTypeOffset, FsTypeSize)) ? ReplyProblem.None : ReplyProblem.FsTypeNotNulPadded;
        }
    }
}
