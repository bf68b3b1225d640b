using System.Buffers.Binary;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>The File Information Block at the start of the WordDocument stream ([MS-DOC] 2.5.1):
/// version, flags, character counts and the (offset, size) pairs locating the structures of the
/// table stream. Read through its own counts (csw, cslw, cbRgFcLcb), so every version from Word 97 on works.</summary>
internal sealed class WordFib
{
    public const ushort WordIdent = 0xA5EC;
    private const ushort Word6Ident = 0xA5DC;
    /// <summary>Word 97 writes nFib 0x00C1; Word 6.0 and 95 (101–105) and older lay the FIB out differently.
    /// 0x00C0 is accepted for the few early writers of the Word 97 format that use it.</summary>
    public const ushort MinimumNFib = 0x00C0;
    public const int BaseSize = 32;

    // Indexes into FibRgFcLcb97.
    public const int Stshf = 1;
    public const int PlcfBteChpx = 12;
    public const int PlcfBtePapx = 13;
    public const int Clx = 33;
    public const int PlfLst = 73;
    public const int PlfLfo = 74;

    private readonly (uint Fc, uint Lcb)[] _pairs;

    public ushort NFib { get; }
    public bool UsesTable1 { get; }
    public int CcpText { get; }

    private WordFib(ushort nFib, bool usesTable1, int ccpText, (uint, uint)[] pairs)
    {
        NFib = nFib;
        UsesTable1 = usesTable1;
        CcpText = ccpText;
        _pairs = pairs;
    }

    /// <summary>Checks the FibBase alone: wrong identifier is corrupt, a pre-97 version is an unsupported
    /// Office format, an encrypted or obfuscated file is encrypted.</summary>
    public static void CheckBase(ReadOnlySpan<byte> fibBase)
    {
        if (fibBase.Length < BaseSize) throw ConversionException.Corrupt("WordDocument stream shorter than its FIB", "FIB");
        var ident = BinaryPrimitives.ReadUInt16LittleEndian(fibBase);
        var nFib = BinaryPrimitives.ReadUInt16LittleEndian(fibBase[2..]);
        // Word 6.0 and 95 write nFib 101–105 (some writers of that format with identifier 0xA5DC or 0xA699).
        if (nFib is >= 101 and <= 105 || ident == Word6Ident || (ident == WordIdent && nFib < MinimumNFib))
            throw ConversionException.OfficeUnsupported($"Word 6.0/95 or older document (nFib {nFib}); save it as Word 97-2003 or newer");
        if (ident != WordIdent) throw ConversionException.Corrupt($"FIB identifier 0x{ident:X4} instead of 0x{WordIdent:X4}", "FIB");
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(fibBase[10..]);
        // fEncrypted (bit 8) covers both RC4 encryption and XOR obfuscation (bit 15 only says which).
        if ((flags & 0x0100) != 0) throw ConversionException.Encrypted();
    }

    public static WordFib Read(ReadOnlySpan<byte> stream)
    {
        CheckBase(stream);
        var nFib = BinaryPrimitives.ReadUInt16LittleEndian(stream[2..]);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(stream[10..]);

        var offset = BaseSize;
        var csw = ReadCount(stream, ref offset, "csw");
        offset += csw * 2;
        var cslw = ReadCount(stream, ref offset, "cslw");
        var longsAt = offset;
        offset += cslw * 4;
        var pairCount = ReadCount(stream, ref offset, "cbRgFcLcb");
        if (offset + pairCount * 8L > stream.Length) throw ConversionException.Corrupt("FIB runs past the end of the WordDocument stream", "FIB");
        if (cslw < 11) throw ConversionException.Corrupt($"FIB has {cslw} counts, fewer than the 11 that locate the text", "FIB");
        if (pairCount <= Clx) throw ConversionException.Corrupt($"FIB locates {pairCount} structures, not the piece table", "FIB");

        var ccpText = BinaryPrimitives.ReadInt32LittleEndian(stream[(longsAt + 3 * 4)..]);
        if (ccpText < 0) throw ConversionException.Corrupt($"negative main text length {ccpText}", "FIB");
        var pairs = new (uint, uint)[pairCount];
        for (var i = 0; i < pairCount; i++)
        {
            pairs[i] = (BinaryPrimitives.ReadUInt32LittleEndian(stream[(offset + i * 8)..]), BinaryPrimitives.ReadUInt32LittleEndian(stream[(offset + i * 8 + 4)..]));
        }
        return new WordFib(nFib, (flags & 0x0200) != 0, ccpText, pairs);
    }

    /// <summary>The (offset, size) of structure <paramref name="index"/>; (0, 0) when the FIB does not have it.</summary>
    public (uint Fc, uint Lcb) Pair(int index) => index < _pairs.Length ? _pairs[index] : (0, 0);

    /// <summary>The bytes of a structure in the table stream; empty when absent or out of range, so an
    /// optional structure that is damaged reads as missing.</summary>
    public ReadOnlySpan<byte> Slice(byte[] table, int index)
    {
        var (fc, lcb) = Pair(index);
        return lcb == 0 || fc + (long)lcb > table.Length ? [] : table.AsSpan((int)fc, (int)lcb);
    }

    private static int ReadCount(ReadOnlySpan<byte> stream, ref int offset, string what)
    {
        if (offset + 2 > stream.Length) throw ConversionException.Corrupt($"FIB ends before {what}", "FIB");
        var value = BinaryPrimitives.ReadUInt16LittleEndian(stream[offset..]);
        offset += 2;
        return value;
    }
}
