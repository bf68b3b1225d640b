using System.Buffers.Binary;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>The property modifiers ([MS-DOC] 2.6) this reader understands, by their 16-bit sprm value.</summary>
internal static class Sprm
{
    public const ushort PIstd = 0x4600;
    public const ushort PJc80 = 0x2403;
    public const ushort PJc = 0x2461;
    public const ushort PFInTable = 0x2416;
    public const ushort PFTtp = 0x2417;
    public const ushort PItap = 0x6649;
    public const ushort PDtap = 0x664A;
    public const ushort PFInnerTableCell = 0x244B;
    public const ushort PFInnerTtp = 0x244C;
    public const ushort PIlvl = 0x260A;
    public const ushort PIlfo = 0x460B;
    public const ushort POutLvl = 0x2640;
    public const ushort PHugePapx = 0x6646;
    public const ushort PChgTabs = 0xC615;
    public const ushort TDefTable = 0xD608;
    public const ushort TTableHeader = 0x3404;

    public const ushort CFRMarkDel = 0x0800;
    public const ushort CPicLocation = 0x6A03;
    public const ushort CFData = 0x0806;
    public const ushort CFOle2 = 0x080A;
    public const ushort CIstd = 0x4A30;
    public const ushort CFBold = 0x0835;
    public const ushort CFItalic = 0x0836;
    public const ushort CFStrike = 0x0837;
    public const ushort CFVanish = 0x083C;
    public const ushort CKul = 0x2A3E;
    public const ushort CFDStrike = 0x2A53;
    public const ushort CFSpec = 0x0855;
}

/// <summary>Walks a grpprl (a run of Prl: sprm + operand). The operand size comes from the sprm's spra
/// bits; variable operands carry their length. A Prl running past the end stops the walk: what
/// follows a damaged modifier cannot be trusted.</summary>
internal ref struct SprmReader(ReadOnlySpan<byte> grpprl)
{
    private readonly ReadOnlySpan<byte> _grpprl = grpprl;
    private int _offset;

    public ushort Sprm { get; private set; }
    public ReadOnlySpan<byte> Operand { get; private set; }

    public bool Next()
    {
        if (_offset + 2 > _grpprl.Length) return false;
        var sprm = BinaryPrimitives.ReadUInt16LittleEndian(_grpprl[_offset..]);
        var start = _offset + 2;
        var size = OperandSize(sprm, _grpprl[start..]);
        if (size < 0 || start + size > _grpprl.Length)
        {
            _offset = _grpprl.Length;
            return false;
        }
        Sprm = sprm;
        Operand = _grpprl.Slice(start, size);
        _offset = start + size;
        return true;
    }

    /// <summary>Bytes of the operand, including any length prefix; -1 when it cannot be read.</summary>
    private static int OperandSize(ushort sprm, ReadOnlySpan<byte> rest)
    {
        switch (sprm >> 13)
        {
            case 0 or 1: return 1;
            case 2 or 4 or 5: return 2;
            case 3: return 4;
            case 7: return 3;
        }
        if (sprm == Doc.Sprm.TDefTable)
        {
            // A 2-byte count of the bytes that follow, plus one.
            return rest.Length < 2 ? -1 : BinaryPrimitives.ReadUInt16LittleEndian(rest) + 1;
        }
        if (rest.Length < 1) return -1;
        if (sprm == Doc.Sprm.PChgTabs && rest[0] == 255)
        {
            // Too long for a one-byte count: deleted tabs (4 bytes each), then added ones (3 bytes each).
            if (rest.Length < 2) return -1;
            var deleted = rest[1];
            var addedAt = 2 + deleted * 4;
            return rest.Length <= addedAt ? -1 : addedAt + 1 + rest[addedAt] * 3;
        }
        return 1 + rest[0];
    }
}
