using System.Buffers.Binary;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>One piece of text: character positions [CpStart, CpEnd) stored from byte offset
/// <see cref="Fc"/> of the WordDocument stream, one byte a character (Windows-1252) when compressed,
/// else UTF-16LE; <see cref="Prm"/> modifies the properties of its characters.</summary>
internal readonly record struct WordPiece(int CpStart, int CpEnd, uint Fc, bool Compressed, ushort Prm)
{
    public int BytesPerChar => Compressed ? 1 : 2;

    public uint FcAt(int cp) => Fc + (uint)((cp - CpStart) * BytesPerChar);
}

/// <summary>The CLX of the table stream ([MS-DOC] 2.9.38): property modifier groups (Prc) followed by
/// the piece table (PlcPcd) that maps character positions to the bytes holding them.</summary>
internal sealed class WordPieceTable
{
    private readonly List<byte[]> _modifierGroups;

    public IReadOnlyList<WordPiece> Pieces { get; }

    private WordPieceTable(List<WordPiece> pieces, List<byte[]> modifierGroups)
    {
        Pieces = pieces;
        _modifierGroups = modifierGroups;
    }

    public static WordPieceTable Read(ReadOnlySpan<byte> clx, int wordDocumentLength)
    {
        if (clx.IsEmpty) throw ConversionException.Corrupt("no piece table (CLX) in the table stream", "CLX");
        var groups = new List<byte[]>();
        var offset = 0;
        while (offset < clx.Length && clx[offset] == 0x01)
        {
            if (offset + 3 > clx.Length) throw ConversionException.Corrupt("CLX ends inside a property group", $"CLX offset {offset}");
            var size = BinaryPrimitives.ReadInt16LittleEndian(clx[(offset + 1)..]);
            if (size < 0 || offset + 3 + size > clx.Length) throw ConversionException.Corrupt($"property group of {size} bytes does not fit the CLX", $"CLX offset {offset}");
            groups.Add(clx.Slice(offset + 3, size).ToArray());
            offset += 3 + size;
        }
        if (offset + 5 > clx.Length || clx[offset] != 0x02) throw ConversionException.Corrupt("CLX has no piece table", $"CLX offset {offset}");
        var lcb = BinaryPrimitives.ReadUInt32LittleEndian(clx[(offset + 1)..]);
        var plc = clx[(offset + 5)..];
        if (lcb > plc.Length || lcb < 16 || (lcb - 4) % 12 != 0) throw ConversionException.Corrupt($"piece table of {lcb} bytes is malformed", "PlcPcd");

        var count = (int)((lcb - 4) / 12);
        var pieces = new List<WordPiece>(count);
        var descriptors = plc[((count + 1) * 4)..];
        for (var i = 0; i < count; i++)
        {
            var start = BinaryPrimitives.ReadInt32LittleEndian(plc[(i * 4)..]);
            var end = BinaryPrimitives.ReadInt32LittleEndian(plc[((i + 1) * 4)..]);
            if (start < 0 || end < start || (i > 0 && start < pieces[^1].CpEnd))
                throw ConversionException.Corrupt($"piece {i} spans character positions {start}–{end} out of order", "PlcPcd");
            var rawFc = BinaryPrimitives.ReadUInt32LittleEndian(descriptors[(i * 8 + 2)..]);
            var prm = BinaryPrimitives.ReadUInt16LittleEndian(descriptors[(i * 8 + 6)..]);
            var compressed = (rawFc & 0x40000000) != 0;
            var fc = rawFc & 0x3FFFFFFF;
            if (compressed) fc /= 2;
            var piece = new WordPiece(start, end, fc, compressed, prm);
            if (piece.Fc + (long)(end - start) * piece.BytesPerChar > wordDocumentLength)
                throw ConversionException.Corrupt($"piece {i} points past the end of the WordDocument stream", "PlcPcd");
            pieces.Add(piece);
        }
        return new WordPieceTable(pieces, groups);
    }

    /// <summary>The modifiers a piece's Prm applies: a property group when the Prm points to one. Single-sprm
    /// Prms (Prm0, written only by fast saves) are not applied.</summary>
    public ReadOnlySpan<byte> Modifiers(ushort prm)
    {
        if ((prm & 1) == 0) return [];
        var index = prm >> 1;
        return index < _modifierGroups.Count ? _modifierGroups[index] : [];
    }
}

/// <summary>A property run found in a formatted disk page: the byte range [FcStart, FcEnd) it covers, where
/// its grpprl lies in the WordDocument stream, and (for paragraphs) its style.</summary>
internal readonly record struct WordRun(uint FcStart, uint FcEnd, int Offset, int Length, int Istd)
{
    public bool Contains(uint fc) => fc >= FcStart && fc < FcEnd;
}

/// <summary>The bin table (PlcBteChpx or PlcBtePapx) and the 512-byte formatted disk pages it points to
/// ([MS-DOC] 2.9.43 ChpxFkp, 2.9.177 PapxFkp). Pages are parsed on first use and cached. A page that
/// does not fit the stream or is malformed gives runs without properties.</summary>
internal sealed class WordFkpIndex
{
    private const int PageSize = 512;

    private readonly byte[] _wordDocument;
    private readonly bool _paragraphs;
    private readonly uint[] _binFcs;
    private readonly uint[] _pages;
    private readonly Dictionary<uint, WordRun[]> _cache = [];

    public WordFkpIndex(byte[] wordDocument, ReadOnlySpan<byte> plcBte, bool paragraphs)
    {
        _wordDocument = wordDocument;
        _paragraphs = paragraphs;
        var count = plcBte.Length >= 12 && (plcBte.Length - 4) % 8 == 0 ? (plcBte.Length - 4) / 8 : 0;
        _binFcs = new uint[count == 0 ? 0 : count + 1];
        _pages = new uint[count];
        for (var i = 0; i < _binFcs.Length; i++) _binFcs[i] = BinaryPrimitives.ReadUInt32LittleEndian(plcBte[(i * 4)..]);
        for (var i = 0; i < count; i++) _pages[i] = BinaryPrimitives.ReadUInt32LittleEndian(plcBte[((count + 1) * 4 + i * 4)..]) & 0x3FFFFF;
    }

    /// <summary>The run holding byte <paramref name="fc"/>; a property-less one-byte run when none does.</summary>
    public WordRun Find(uint fc)
    {
        var bin = UpperBound(_binFcs, fc) - 1;
        if (bin >= 0 && bin < _pages.Length)
        {
            var runs = Page(_pages[bin]);
            var index = FindRun(runs, fc);
            if (index >= 0) return runs[index];
        }
        return new WordRun(fc, fc + 1, 0, 0, 0);
    }

    private static int FindRun(WordRun[] runs, uint fc)
    {
        int low = 0, high = runs.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (fc < runs[mid].FcStart) high = mid - 1;
            else if (fc >= runs[mid].FcEnd) low = mid + 1;
            else return mid;
        }
        return -1;
    }

    private static int UpperBound(uint[] values, uint value)
    {
        int low = 0, high = values.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (values[mid] <= value) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private WordRun[] Page(uint pageNumber)
    {
        if (_cache.TryGetValue(pageNumber, out var cached)) return cached;
        var runs = ParsePage(pageNumber);
        _cache[pageNumber] = runs;
        return runs;
    }

    private WordRun[] ParsePage(uint pageNumber)
    {
        var pageStart = (long)pageNumber * PageSize;
        if (pageStart + PageSize > _wordDocument.Length) return [];
        var page = _wordDocument.AsSpan((int)pageStart, PageSize);
        int count = page[PageSize - 1];
        var entrySize = _paragraphs ? 13 : 1;
        if (count == 0 || (count + 1) * 4 + count * entrySize > PageSize - 1) return [];

        var runs = new List<WordRun>(count);
        for (var i = 0; i < count; i++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(page[(i * 4)..]);
            var end = BinaryPrimitives.ReadUInt32LittleEndian(page[((i + 1) * 4)..]);
            if (end <= start || (runs.Count > 0 && start < runs[^1].FcEnd)) continue;
            var at = page[(count + 1) * 4 + i * entrySize] * 2;
            var (offset, length, istd) = at == 0 ? (0, 0, 0) : _paragraphs ? ParagraphProperties(page, at) : CharacterProperties(page, at);
            runs.Add(new WordRun(start, end, length == 0 ? 0 : (int)pageStart + offset, length, istd));
        }
        return [.. runs];
    }

    private static (int Offset, int Length, int Istd) CharacterProperties(ReadOnlySpan<byte> page, int at)
    {
        if (at >= PageSize - 1) return (0, 0, 0);
        int size = page[at];
        return at + 1 + size > PageSize - 1 ? (0, 0, 0) : (at + 1, size, 0);
    }

    private static (int Offset, int Length, int Istd) ParagraphProperties(ReadOnlySpan<byte> page, int at)
    {
        if (at + 1 >= PageSize - 1) return (0, 0, 0);
        int start, size;
        if (page[at] != 0)
        {
            start = at + 1;
            size = page[at] * 2 - 1;
        }
        else
        {
            start = at + 2;
            size = page[at + 1] * 2;
        }
        if (size < 2 || start + size > PageSize - 1) return (0, 0, 0);
        var istd = BinaryPrimitives.ReadUInt16LittleEndian(page[start..]);
        return (start + 2, size - 2, istd);
    }
}
