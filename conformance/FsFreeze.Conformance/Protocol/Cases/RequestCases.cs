using System.Collections.Generic;
using System.Linq;
using System.Text;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>
    /// The request validation table: one case per INVALID rule of FF-DRV-11 and UNSUPPORTED rule of FF-DRV-12, the
    /// precedence between them, and valid requests at the edges of each rule. Each is derived from a valid request
    /// by changing one field.
    /// </summary>
    public static class RequestCases
    {
        private const string Invalid = "FF-DRV-11";
        private const string Unsupported = "FF-DRV-12";
        private const string DeadlineBound = "FF-DRV-34";
        private const uint Id = 0x1234;

        /// <summary>
        /// The <c>max_deadline_ms</c> every case is decoded against, as if read at probe (FF-DRV-34); a driver test
        /// that posts the bytes configures its device with it.
        /// </summary>
        public const uint MaxDeadlineMs = 600_000;

        /// <summary>SELECTIVE and APP_NOTICE.</summary>
        public static readonly ulong AllRequestFeatures = FsFreezeFeature.Mask(FsFreezeFeature.Selective) | FsFreezeFeature.Mask(FsFreezeFeature.AppNotice);

        private static readonly byte[] Freeze = FsFreezeRequest.Freeze(Id, 30000).ToArray();
        private static readonly byte[] Thaw = FsFreezeRequest.Thaw(Id).ToArray();
        private static readonly byte[] Status = FsFreezeRequest.Status(Id).ToArray();

        /// <summary>A FREEZE with a DEVICE selector (16..31) and a MOUNT_PATH "/srv/db" selector (32..47; path at 36..42, padding 43..47).</summary>
        private static readonly byte[] Selective = FsFreezeRequest.Freeze(Id, 30000, 0, Selector.Device(253, 1), Selector.MountPath("/srv/db")).ToArray();

        private static RequestCase Refused(string name, string requirement, byte[] bytes, RequestProblem problem, ulong features = 0) =>
            new(name, requirement, features, bytes, requirement == Unsupported ? ReplyStatus.Unsupported : ReplyStatus.Invalid, problem);

        private static RequestCase Valid(string name, string requirement, byte[] bytes, ulong features = 0) =>
            new(name, requirement, features, bytes, ReplyStatus.Ok, RequestProblem.None);

        private static byte[] FreezeWith(params Selector[] selectors) =>
            FsFreezeRequest.Freeze(Id, 30000, 0, selectors).ToArray();

        // ---- INVALID: the header (FF-DRV-11) ----

        /// <summary>15 bytes: one short of a header.</summary>
        public static RequestCase TooShort { get; } = Refused(nameof(TooShort), Invalid, Craft.Cut(Thaw, 15), RequestProblem.TooShort);

        /// <summary>No bytes at all.</summary>
        public static RequestCase Empty { get; } = Refused(nameof(Empty), Invalid, [], RequestProblem.TooShort);

        /// <summary>Type 4, one past STATUS.</summary>
        public static RequestCase UnknownType { get; } = Refused(nameof(UnknownType), Invalid, Craft.With16(Status, FsFreezeRequest.TypeOffset, 4), RequestProblem.UnknownType);

        /// <summary>Type 0x8001, the EVENT type, which only replies use.</summary>
        public static RequestCase EventTypeInARequest { get; } = Refused(nameof(EventTypeInARequest), Invalid, Craft.With16(Status, FsFreezeRequest.TypeOffset, 0x8001), RequestProblem.UnknownType);

        /// <summary>A FREEZE with <c>flags</c> bit 0 set.</summary>
        public static RequestCase FlagsNonZero { get; } = Refused(nameof(FlagsNonZero), Invalid, Craft.With16(Freeze, FsFreezeRequest.FlagsOffset, 1), RequestProblem.FlagsNonZero);

        /// <summary>A THAW with <c>flags</c> bit 15 set.</summary>
        public static RequestCase RequestIdZero { get; } = Refused(nameof(RequestIdZero), Invalid, Craft.With32(Freeze, FsFreezeRequest.RequestIdOffset, 0), RequestProblem.RequestIdZero);

        public static RequestCase ThawFlagsNonZero { get; } = Refused(nameof(ThawFlagsNonZero), Invalid, Craft.With16(Thaw, FsFreezeRequest.FlagsOffset, 0x8000), RequestProblem.FlagsNonZero);

        /// <summary>A FREEZE with <c>deadline_ms</c> 0.</summary>
        public static RequestCase FreezeDeadlineZero { get; } = Refused(nameof(FreezeDeadlineZero), Invalid, Craft.With32(Freeze, FsFreezeRequest.DeadlineMsOffset, 0), RequestProblem.FreezeDeadlineZero);

        /// <summary>A FREEZE with <c>deadline_ms</c> one above <see cref="MaxDeadlineMs"/>.</summary>
        public static RequestCase FreezeDeadlineAboveMax { get; } = Refused(nameof(FreezeDeadlineAboveMax), DeadlineBound, Craft.With32(Freeze, FsFreezeRequest.DeadlineMsOffset, MaxDeadlineMs + 1), RequestProblem.FreezeDeadlineAboveMax);

        /// <summary>A FREEZE with <c>deadline_ms</c> 0xffffffff, about 49.7 days: the longest a hostile device could ask for.</summary>
        public static RequestCase FreezeDeadlineMaxUInt32 { get; } = Refused(nameof(FreezeDeadlineMaxUInt32), DeadlineBound, Craft.With32(Freeze, FsFreezeRequest.DeadlineMsOffset, uint.MaxValue), RequestProblem.FreezeDeadlineAboveMax);

        /// <summary>A FREEZE with <c>deadline_ms</c> exactly <see cref="MaxDeadlineMs"/>: the bound is inclusive.</summary>
        public static RequestCase FreezeDeadlineAtMax { get; } = Valid(nameof(FreezeDeadlineAtMax), DeadlineBound, Craft.With32(Freeze, FsFreezeRequest.DeadlineMsOffset, MaxDeadlineMs));

        /// <summary>A FREEZE with <c>notice_ms</c> equal to <c>deadline_ms</c> (APP_NOTICE negotiated).</summary>
        public static RequestCase FreezeNoticeEqualToDeadline { get; } = Refused(
            nameof(FreezeNoticeEqualToDeadline), Invalid, FsFreezeRequest.Freeze(Id, 2000, 2000).ToArray(), RequestProblem.FreezeNoticeNotBelowDeadline, AllRequestFeatures);

        /// <summary>A FREEZE with <c>notice_ms</c> above <c>deadline_ms</c> (APP_NOTICE negotiated).</summary>
        public static RequestCase FreezeNoticeAboveDeadline { get; } = Refused(
            nameof(FreezeNoticeAboveDeadline), Invalid, FsFreezeRequest.Freeze(Id, 100, 2000).ToArray(), RequestProblem.FreezeNoticeNotBelowDeadline, AllRequestFeatures);

        /// <summary>A THAW with <c>deadline_ms</c> 1.</summary>
        public static RequestCase ThawWithDeadline { get; } = Refused(nameof(ThawWithDeadline), Invalid, Craft.With32(Thaw, FsFreezeRequest.DeadlineMsOffset, 1), RequestProblem.DeadlineOnNonFreeze, AllRequestFeatures);

        /// <summary>A STATUS with <c>deadline_ms</c> 1.</summary>
        public static RequestCase StatusWithDeadline { get; } = Refused(nameof(StatusWithDeadline), Invalid, Craft.With32(Status, FsFreezeRequest.DeadlineMsOffset, 1), RequestProblem.DeadlineOnNonFreeze, AllRequestFeatures);

        /// <summary>A THAW with <c>notice_ms</c> 1, APP_NOTICE negotiated.</summary>
        public static RequestCase ThawWithNotice { get; } = Refused(nameof(ThawWithNotice), Invalid, Craft.With16(Thaw, FsFreezeRequest.NoticeMsOffset, 1), RequestProblem.NoticeOnNonFreeze, AllRequestFeatures);

        /// <summary>A STATUS with <c>notice_ms</c> 1, APP_NOTICE negotiated.</summary>
        public static RequestCase StatusWithNotice { get; } = Refused(nameof(StatusWithNotice), Invalid, Craft.With16(Status, FsFreezeRequest.NoticeMsOffset, 1), RequestProblem.NoticeOnNonFreeze, AllRequestFeatures);

        /// <summary>A THAW carrying one valid DEVICE selector, SELECTIVE negotiated.</summary>
        public static RequestCase ThawWithSelector { get; } = Refused(
            nameof(ThawWithSelector), Invalid, new FsFreezeRequest { Type = RequestType.Thaw, RequestId = Id, Selectors = [Selector.Device(8, 1)] }.ToArray(), RequestProblem.SelectorsOnNonFreeze, AllRequestFeatures);

        /// <summary>A STATUS whose <c>selector_count</c> is 1 with no selector bytes, SELECTIVE negotiated.</summary>
        public static RequestCase StatusWithSelectorCount { get; } = Refused(
            nameof(StatusWithSelectorCount), Invalid, Craft.With16(Status, FsFreezeRequest.SelectorCountOffset, 1), RequestProblem.SelectorsOnNonFreeze, AllRequestFeatures);

        // ---- INVALID: selectors (FF-DRV-11) ----

        /// <summary><c>selector_count</c> 3 where two selectors follow.</summary>
        public static RequestCase SelectorCountBeyondLength { get; } = Refused(
            nameof(SelectorCountBeyondLength), Invalid, Craft.With16(Selective, FsFreezeRequest.SelectorCountOffset, 3), RequestProblem.SelectorsBeyondLength, AllRequestFeatures);

        /// <summary>The used length ends inside the last selector's padding.</summary>
        public static RequestCase SelectorPaddingCut { get; } = Refused(
            nameof(SelectorPaddingCut), Invalid, Craft.Cut(Selective, Selective.Length - 1), RequestProblem.SelectorsBeyondLength, AllRequestFeatures);

        /// <summary>The used length ends inside the last selector's path.</summary>
        public static RequestCase SelectorPayloadCut { get; } = Refused(
            nameof(SelectorPayloadCut), Invalid, Craft.Cut(Selective, 40), RequestProblem.SelectorsBeyondLength, AllRequestFeatures);

        /// <summary>A MOUNT_PATH selector whose <c>length</c> says 4000 bytes in a 48-byte request.</summary>
        public static RequestCase SelectorLengthBeyondRequest { get; } = Refused(
            nameof(SelectorLengthBeyondRequest), Invalid, Craft.With16(Selective, 32 + Selector.LengthOffset, 4000), RequestProblem.SelectorsBeyondLength, AllRequestFeatures);

        /// <summary>The first selector has kind 3.</summary>
        public static RequestCase SelectorUnknownKind { get; } = Refused(
            nameof(SelectorUnknownKind), Invalid, Craft.With16(Selective, 16 + Selector.KindOffset, 3), RequestProblem.SelectorUnknownKind, AllRequestFeatures);

        /// <summary>The first selector has kind 0.</summary>
        public static RequestCase SelectorKindZero { get; } = Refused(
            nameof(SelectorKindZero), Invalid, Craft.With16(Selective, 16 + Selector.KindOffset, 0), RequestProblem.SelectorUnknownKind, AllRequestFeatures);

        /// <summary>A DEVICE selector with <c>length</c> 4 (its 8 bytes still padded to 8).</summary>
        public static RequestCase DeviceSelectorBadLength { get; } = Refused(
            nameof(DeviceSelectorBadLength), Invalid, FreezeWith(new Selector(SelectorKind.Device, new byte[4])), RequestProblem.SelectorBadLength, AllRequestFeatures);

        /// <summary>A MOUNT_PATH selector with <c>length</c> 0.</summary>
        public static RequestCase PathSelectorEmpty { get; } = Refused(
            nameof(PathSelectorEmpty), Invalid, FreezeWith(new Selector(SelectorKind.MountPath, System.Array.Empty<byte>())), RequestProblem.SelectorBadLength, AllRequestFeatures);

        /// <summary>A MOUNT_PATH selector of 4097 bytes.</summary>
        public static RequestCase PathSelectorTooLong { get; } = Refused(
            nameof(PathSelectorTooLong), Invalid, FreezeWith(Selector.MountPath("/" + new string('a', 4096))), RequestProblem.SelectorBadLength, AllRequestFeatures);

        /// <summary>A MOUNT_PATH "srv/db": not absolute.</summary>
        public static RequestCase PathNotAbsolute { get; } = Refused(
            nameof(PathNotAbsolute), Invalid, FreezeWith(Selector.MountPath("srv/db")), RequestProblem.SelectorPathNotAbsolute, AllRequestFeatures);

        /// <summary>A MOUNT_PATH "/srv\0db": a NUL inside the path.</summary>
        public static RequestCase PathContainsNul { get; } = Refused(
            nameof(PathContainsNul), Invalid, FreezeWith(Selector.MountPath("/srv\0db")), RequestProblem.SelectorPathContainsNul, AllRequestFeatures);

        /// <summary>A MOUNT_PATH "/srv/db\0": a NUL terminator counted in the length ("no NUL").</summary>
        public static RequestCase PathNulTerminated { get; } = Refused(
            nameof(PathNulTerminated), Invalid, FreezeWith(Selector.MountPath("/srv/db\0")), RequestProblem.SelectorPathContainsNul, AllRequestFeatures);

        /// <summary>The last padding byte of the MOUNT_PATH selector is 0x01.</summary>
        public static RequestCase SelectorPaddingNonZero { get; } = Refused(
            nameof(SelectorPaddingNonZero), Invalid, Craft.With8(Selective, Selective.Length - 1, 1), RequestProblem.SelectorPaddingNonZero, AllRequestFeatures);

        /// <summary>The first padding byte of the DEVICE selector (offset 28) is 0xff.</summary>
        public static RequestCase DevicePaddingNonZero { get; } = Refused(
            nameof(DevicePaddingNonZero), Invalid, Craft.With8(Selective, 16 + 12, 0xff), RequestProblem.SelectorPaddingNonZero, AllRequestFeatures);

        // ---- UNSUPPORTED (FF-DRV-12) ----

        /// <summary>A FREEZE with selectors, SELECTIVE not negotiated.</summary>
        public static RequestCase SelectorsWithoutSelective { get; } = Refused(
            nameof(SelectorsWithoutSelective), Unsupported, Selective, RequestProblem.SelectorsWithoutSelective, FsFreezeFeature.Mask(FsFreezeFeature.AppNotice));

        /// <summary>A FREEZE with <c>notice_ms</c> 1000, APP_NOTICE not negotiated.</summary>
        public static RequestCase NoticeWithoutAppNotice { get; } = Refused(
            nameof(NoticeWithoutAppNotice), Unsupported, FsFreezeRequest.Freeze(Id, 30000, 1000).ToArray(), RequestProblem.NoticeWithoutAppNotice, FsFreezeFeature.Mask(FsFreezeFeature.Selective));

        // ---- precedence ----

        /// <summary>INVALID wins over UNSUPPORTED for the header: notice not below the deadline, APP_NOTICE not negotiated.</summary>
        public static RequestCase HeaderInvalidBeforeUnsupported { get; } = Refused(
            nameof(HeaderInvalidBeforeUnsupported), Invalid, FsFreezeRequest.Freeze(Id, 100, 2000).ToArray(), RequestProblem.FreezeNoticeNotBelowDeadline);

        /// <summary>Without SELECTIVE the driver does not parse selectors: a malformed one is still UNSUPPORTED.</summary>
        public static RequestCase MalformedSelectorWithoutSelective { get; } = Refused(
            nameof(MalformedSelectorWithoutSelective), Unsupported, Craft.With16(Selective, 16 + Selector.KindOffset, 9), RequestProblem.SelectorsWithoutSelective);

        // ---- valid at the edges ----

        /// <summary>A FREEZE with <c>notice_ms</c> one below <c>deadline_ms</c>.</summary>
        public static RequestCase NoticeJustBelowDeadline { get; } = Valid(nameof(NoticeJustBelowDeadline), Invalid, FsFreezeRequest.Freeze(Id, 2001, 2000).ToArray(), AllRequestFeatures);

        /// <summary>A FREEZE with <c>deadline_ms</c> 1.</summary>
        public static RequestCase DeadlineOfOneMillisecond { get; } = Valid(nameof(DeadlineOfOneMillisecond), Invalid, Craft.With32(Freeze, FsFreezeRequest.DeadlineMsOffset, 1));

        /// <summary>A MOUNT_PATH of exactly 4096 bytes.</summary>
        public static RequestCase PathOf4096Bytes { get; } = Valid(nameof(PathOf4096Bytes), Invalid, FreezeWith(Selector.MountPath("/" + new string('a', 4095))), AllRequestFeatures);

        /// <summary>A MOUNT_PATH of one byte, "/".</summary>
        public static RequestCase RootPath { get; } = Valid(nameof(RootPath), Invalid, FreezeWith(Selector.MountPath("/")), AllRequestFeatures);

        /// <summary>A path in UTF-8 beyond ASCII.</summary>
        public static RequestCase NonAsciiPath { get; } = Valid(nameof(NonAsciiPath), Invalid, FreezeWith(new Selector(SelectorKind.MountPath, Encoding.UTF8.GetBytes("/données/été"))), AllRequestFeatures);

        /// <summary>Bytes after the last selector are not part of the request and are ignored.</summary>
        public static RequestCase TrailingBytesIgnored { get; } = Valid(nameof(TrailingBytesIgnored), Invalid, Craft.With8(Craft.Extend(Selective, 8), Selective.Length, 0xee), AllRequestFeatures);

        /// <summary>FREEZE without selectors needs no feature.</summary>
        public static RequestCase PlainFreezeWithoutFeatures { get; } = Valid(nameof(PlainFreezeWithoutFeatures), Unsupported, Freeze);

        /// <summary>Every case, for adapters that run the whole table.</summary>
        public static IReadOnlyList<RequestCase> All { get; } = typeof(RequestCases).GetProperties()
            .Where(p => p.PropertyType == typeof(RequestCase))
            .Select(p => (RequestCase)p.GetValue(null)!)
            .ToArray();
    }
}
