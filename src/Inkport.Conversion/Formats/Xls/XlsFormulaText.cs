using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Inkport.Conversion.Formats.Xls;

/// <summary>Turns a BIFF5 or BIFF8 formula's parsed tokens (reverse Polish, [MS-XLS] 2.5.198.103 Rgce) back into
/// the text Excel shows, without the leading '=' and in the form xlsx stores it: A1 references, sheet names
/// quoted where Excel quotes them, newer functions without their <c>_xlfn.</c> prefix, whitespace kept.
/// A formula it cannot render exactly (a token it does not know, a macro command, an unknown function, a
/// malformed stream, text beyond Excel's 8,192 characters) yields null: the cell keeps its value alone.
/// <para>Operands are kept as linked lists of text pieces, so joining two is constant time and a formula
/// renders in time linear in its tokens and text, whatever their nesting. The pieces' characters share one
/// buffer, reused from formula to formula: the only string a formula allocates is its text.</para></summary>
internal sealed class XlsFormulaText(XlsWorkbookNames names)
{
    /// <summary>Excel's limit on a formula's length.</summary>
    public const int MaxChars = 8192;

    private char[] _chars = new char[256];
    private int _used;
    private readonly List<(int Start, int Length)> _pieces = [];
    private readonly List<int> _next = [];
    private readonly Dictionary<int, string?> _sheetPrefixes = [];
    private readonly List<Operand> _stack = [];
    private readonly bool _biff8 = names.Biff8;
    private readonly int _version = names.Version;
    private readonly int _maxRow = names.Biff8 ? 0xFFFF : 0x3FFF;

    /// <summary>An operand on the stack: its first and last pieces and its length in characters.</summary>
    private readonly record struct Operand(int Head, int Tail, int Length);

    /// <summary>The text of <paramref name="formula"/> as the cell at (<paramref name="row"/>, <paramref name="column"/>) shows it.</summary>
    public string? Render(XlsFormula formula, int row, int column)
    {
        _used = 0;
        _pieces.Clear();
        _next.Clear();
        _stack.Clear();
        ReadOnlySpan<byte> data = formula.Data;
        var tokens = data[..formula.TokenLength];
        var extra = data[formula.TokenLength..];
        if (!Run(tokens, ref extra, row, column, formula.Shared) || _stack.Count != 1) return null;
        return Text(_stack[0]);
    }

    private bool Run(ReadOnlySpan<byte> t, ref ReadOnlySpan<byte> extra, int row, int column, bool shared)
    {
        var before = "";        // whitespace before the next token
        var beforeClose = "";   // whitespace before the next closing parenthesis
        var i = 0;
        while (i < t.Length)
        {
            var ptg = t[i++];
            var id = ptg < 0x20 ? ptg : 0x20 | (ptg & 0x1F);
            var rest = t[i..];
            switch (id)
            {
                case >= 0x03 and <= 0x11:
                {
                    if (_stack.Count < 2) return false;
                    var right = Pop();
                    var left = Pop();
                    Push(Join(Join(left, Piece(before, Operators[id - 0x03])), right));
                    break;
                }
                case 0x12 or 0x13:
                    if (_stack.Count < 1) return false;
                    Push(Join(Piece(before, id == 0x12 ? "+" : "-"), Pop()));
                    break;
                case 0x14:
                    if (_stack.Count < 1) return false;
                    Push(Join(Pop(), Piece(before, "%")));
                    break;
                case 0x15:
                    if (_stack.Count < 1) return false;
                    Push(Join(Join(Piece(before, "("), Pop()), Piece(beforeClose, ")")));
                    beforeClose = "";
                    break;
                case 0x16:
                    Push(Piece(before, ""));
                    break;
                case 0x17:
                {
                    if (!ReadString(rest, out var text, out var size)) return false;
                    Push(Piece(before, Quote(text)));
                    i += size;
                    break;
                }
                case 0x19:
                {
                    // BIFF2 gives the data (and AttrChoose's jump offsets) one byte, later versions two.
                    var word = _version == 2 ? 1 : 2;
                    if (rest.Length < 1 + word) return false;
                    var kind = rest[0];
                    var data = word == 1 ? rest[1] : BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]);
                    i += 1 + word;
                    if ((kind & 0x04) != 0) i += word * (data + 1); // AttrChoose's jump table
                    if ((kind & 0x10) != 0)
                    {
                        if (_stack.Count < 1) return false;
                        Push(Join(Join(Piece(before, "SUM("), Pop()), Piece(beforeClose, ")")));
                        beforeClose = "";
                    }
                    else if ((kind & 0x40) != 0 && word == 2)
                    {
                        // AttrSpace (BIFF3 on): rest[1] is where the whitespace goes, rest[2] how much of it.
                        var white = new string(rest[1] is 1 or 3 or 5 ? '\n' : ' ', rest[2]);
                        if (rest[1] is 4 or 5) beforeClose += white;
                        else before += white;
                        continue;
                    }
                    break;
                }
                case 0x1C:
                    if (rest.Length < 1 || ErrorName(rest[0]) is not { } error) return false;
                    Push(Piece(before, error));
                    i += 1;
                    break;
                case 0x1D:
                    if (rest.Length < 1) return false;
                    Push(Piece(before, rest[0] != 0 ? "TRUE" : "FALSE"));
                    i += 1;
                    break;
                case 0x1E:
                    if (rest.Length < 2) return false;
                {
                    Span<char> digits = stackalloc char[8];
                    BinaryPrimitives.ReadUInt16LittleEndian(rest).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                    Push(Piece(before, digits[..written]));
                    i += 2;
                    break;
                }
                case 0x1F:
                    if (rest.Length < 8) return false;
                {
                    Span<char> digits = stackalloc char[32];
                    BinaryPrimitives.ReadDoubleLittleEndian(rest).TryFormat(digits, out var written, ShortestRoundTrip, CultureInfo.InvariantCulture);
                    Push(Piece(before, digits[..written]));
                    i += 8;
                    break;
                }
                case 0x20:
                {
                    var size = _version == 2 ? 6 : 7;
                    if (rest.Length < size || ArrayConstant(ref extra) is not { } array) return false;
                    Push(Piece(before, array));
                    i += size;
                    break;
                }
                case 0x21:
                {
                    // Before BIFF4 a function's index is one byte.
                    var size = _version <= 3 ? 1 : 2;
                    if (rest.Length < size || XlsFunctions.Find(size == 1 ? rest[0] : BinaryPrimitives.ReadUInt16LittleEndian(rest)) is not { Arguments: >= 0 } function)
                        return false;
                    if (!Call(before + function.Name, function.Arguments, beforeClose)) return false;
                    beforeClose = "";
                    i += size;
                    break;
                }
                case 0x22:
                {
                    var size = _version <= 3 ? 2 : 3;
                    if (rest.Length < size) return false;
                    var count = rest[0] & 0x7F;
                    var index = size == 2 ? rest[1] : BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]);
                    i += size;
                    if ((index & 0x8000) != 0) return false; // a macro command
                    if (index == 255)
                    {
                        // A user-defined or add-in function: its name is the first argument.
                        if (count < 1 || _stack.Count < count) return false;
                        var name = _stack[^count];
                        _stack.RemoveAt(_stack.Count - count);
                        if (!Call(before + WithoutFutureFunctionPrefix(Text(name)), count - 1, beforeClose)) return false;
                    }
                    else if (XlsFunctions.Find(index) is { Name.Length: > 0 } function)
                    {
                        if (!Call(before + function.Name, count, beforeClose)) return false;
                    }
                    else return false;
                    beforeClose = "";
                    break;
                }
                case 0x23:
                {
                    var size = _version switch { 8 => 4, 5 => 14, 2 => 7, _ => 10 };
                    if (rest.Length < size) return false;
                    var index = BinaryPrimitives.ReadUInt16LittleEndian(rest) - 1;
                    if (index < 0 || index >= names.DefinedNames.Count || names.DefinedNames[index] is not { } name) return false;
                    Push(Piece(before, name));
                    i += size;
                    break;
                }
                case 0x24 or 0x2C:
                {
                    var size = _biff8 ? 4 : 3;
                    if (rest.Length < size) return false;
                    Span<char> text = stackalloc char[MaxReference];
                    Push(Piece(before, text[..CellReference(rest, row, column, id == 0x2C, text)]));
                    i += size;
                    break;
                }
                case 0x25 or 0x2D:
                {
                    var size = _biff8 ? 8 : 6;
                    if (rest.Length < size) return false;
                    Span<char> text = stackalloc char[MaxReference];
                    Push(Piece(before, text[..AreaReference(rest, row, column, id == 0x2D, text)]));
                    i += size;
                    break;
                }
                case 0x26 or 0x27 or 0x28:
                    // PtgMem*: the tokens that follow compute the area; only PtgMemArea's cached rectangles are in the extra data.
                    if (rest.Length < 6 || _version < 5) return false;
                    if (id == 0x26 && !SkipMemArea(ref extra)) return false;
                    i += 6;
                    continue;
                case 0x29 or 0x2E or 0x2F:
                    if (rest.Length < 2 || _version < 5) return false;
                    i += 2;
                    continue;
                case 0x2A or 0x2B:
                {
                    var size = id == 0x2A ? (_biff8 ? 4 : 3) : (_biff8 ? 8 : 6);
                    if (rest.Length < size) return false;
                    Push(Piece(before, "#REF!"));
                    i += size;
                    break;
                }
                case 0x39:
                {
                    var size = _biff8 ? 6 : 24;
                    if (_version < 5 || rest.Length < size || ExternalName(rest) is not { } name) return false;
                    Push(Piece(before, name));
                    i += size;
                    break;
                }
                case 0x3A or 0x3B or 0x3C or 0x3D:
                {
                    var area = id is 0x3B or 0x3D;
                    var at = _biff8 ? 2 : 14;
                    var size = at + (area ? (_biff8 ? 8 : 6) : (_biff8 ? 4 : 3));
                    if (_version < 5 || rest.Length < size || CachedSheetPrefix(rest) is not { } sheet) return false;
                    var place = rest[at..];
                    Span<char> text = stackalloc char[MaxReference];
                    var written = id switch
                    {
                        0x3A => CellReference(place, row, column, shared, text),
                        0x3B => AreaReference(place, row, column, shared, text),
                        _ => Write(text, 0, "#REF!"),
                    };
                    Push(Join(Piece(before, sheet), Piece("", text[..written])));
                    i += size;
                    break;
                }
                default:
                    // PtgExp or PtgTbl inside a formula, the extended tokens, or not a token at all.
                    return false;
            }
            before = "";
            if (_stack.Count > 0 && _stack[^1].Length > MaxChars) return false;
        }
        return true;
    }

    private static readonly string[] Operators = ["+", "-", "*", "/", "^", "&", "<", "<=", "=", ">=", ">", "<>", " ", ",", ":"];

    /// <summary>Pops <paramref name="count"/> arguments and pushes NAME(arg,...).</summary>
    private bool Call(string name, int count, string beforeClose)
    {
        if (_stack.Count < count) return false;
        var call = Piece(name, "(");
        var first = _stack.Count - count;
        for (var k = first; k < _stack.Count; k++)
        {
            if (k > first) call = Join(call, Piece("", ","));
            call = Join(call, _stack[k]);
        }
        _stack.RemoveRange(first, count);
        Push(Join(call, Piece(beforeClose, ")")));
        return true;
    }

    /// <summary>A new operand of one piece: <paramref name="before"/> (whitespace, or a name) then <paramref name="text"/>.</summary>
    private Operand Piece(string before, ReadOnlySpan<char> text)
    {
        var length = before.Length + text.Length;
        if (_used + length > _chars.Length) Array.Resize(ref _chars, Math.Max(2 * _chars.Length, _used + length));
        before.CopyTo(_chars.AsSpan(_used));
        text.CopyTo(_chars.AsSpan(_used + before.Length));
        _pieces.Add((_used, length));
        _used += length;
        _next.Add(-1);
        var at = _pieces.Count - 1;
        return new Operand(at, at, length);
    }

    private Operand Join(Operand left, Operand right)
    {
        _next[left.Tail] = right.Head;
        return new Operand(left.Head, right.Tail, left.Length + right.Length);
    }

    private void Push(Operand operand) => _stack.Add(operand);

    private Operand Pop()
    {
        var top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    private string Text(Operand operand) => string.Create(operand.Length, (this, operand), static (span, state) =>
    {
        var (self, operand) = state;
        var at = 0;
        for (var i = operand.Head; i >= 0; i = self._next[i])
        {
            var (start, length) = self._pieces[i];
            self._chars.AsSpan(start, length).CopyTo(span[at..]);
            at += length;
            if (i == operand.Tail) break;
        }
    });

    /// <summary>Room for the longest reference, "$XFD$65536:$XFD$65536".</summary>
    private const int MaxReference = 32;

    /// <summary>Writes a reference to one cell into <paramref name="text"/> and returns its length; in a shared formula
    /// (or PtgRefN) the relative parts are offsets from the cell shown.</summary>
    private int CellReference(ReadOnlySpan<byte> s, int row, int column, bool relative, Span<char> text)
    {
        var (r, c, rowRelative, columnRelative) = _biff8
            ? Location(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]), row, column, relative)
            : Location5(BinaryPrimitives.ReadUInt16LittleEndian(s), s[2], row, column, relative);
        return WriteRow(text, WriteColumn(text, 0, c, columnRelative), r, rowRelative);
    }

    private int AreaReference(ReadOnlySpan<byte> s, int row, int column, bool relative, Span<char> text)
    {
        (int Row, int Column, bool RowRelative, bool ColumnRelative) first, last;
        if (_biff8)
        {
            first = Location(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[4..]), row, column, relative);
            last = Location(BinaryPrimitives.ReadUInt16LittleEndian(s[2..]), BinaryPrimitives.ReadUInt16LittleEndian(s[6..]), row, column, relative);
        }
        else
        {
            first = Location5(BinaryPrimitives.ReadUInt16LittleEndian(s), s[4], row, column, relative);
            last = Location5(BinaryPrimitives.ReadUInt16LittleEndian(s[2..]), s[5], row, column, relative);
        }
        // Whole columns and whole rows are stored as areas across the grid; Excel shows them as A:B and 1:2.
        var wholeColumns = first.Row == 0 && last.Row == _maxRow && first.RowRelative == last.RowRelative && !relative;
        var wholeRows = !wholeColumns && first.Column == 0 && last.Column == 0xFF && first.ColumnRelative == last.ColumnRelative && !relative;
        var at = 0;
        if (!wholeRows) at = WriteColumn(text, at, first.Column, first.ColumnRelative);
        if (!wholeColumns) at = WriteRow(text, at, first.Row, first.RowRelative);
        text[at++] = ':';
        if (!wholeRows) at = WriteColumn(text, at, last.Column, last.ColumnRelative);
        if (!wholeColumns) at = WriteRow(text, at, last.Row, last.RowRelative);
        return at;
    }

    private static int WriteColumn(Span<char> text, int at, int column, bool relative)
    {
        if (!relative) text[at++] = '$';
        // Bijective base 26: A..Z, AA..ZZ, AAA..XFD.
        Span<char> letters = stackalloc char[4];
        var count = 0;
        for (var n = column + 1; n > 0; n = (n - 1) / 26) letters[count++] = (char)('A' + (n - 1) % 26);
        while (count > 0) text[at++] = letters[--count];
        return at;
    }

    private static int WriteRow(Span<char> text, int at, int row, bool relative)
    {
        if (!relative) text[at++] = '$';
        (row + 1).TryFormat(text[at..], out var written, default, CultureInfo.InvariantCulture);
        return at + written;
    }

    private static int Write(Span<char> text, int at, string value)
    {
        value.CopyTo(text[at..]);
        return at + value.Length;
    }

    /// <summary>BIFF8: a 16-bit row, a column word whose top bits say which parts are relative; as offsets a
    /// row is a signed 16-bit number and a column a signed byte.</summary>
    private static (int, int, bool, bool) Location(int rowWord, int columnWord, int row, int column, bool relative)
    {
        var rowRelative = (columnWord & 0x8000) != 0;
        var columnRelative = (columnWord & 0x4000) != 0;
        var r = relative && rowRelative ? (row + (short)rowWord) & 0xFFFF : rowWord;
        var c = relative && columnRelative ? (column + (sbyte)(columnWord & 0xFF)) & 0xFF : columnWord & 0x3FFF;
        return (r, c, rowRelative, columnRelative);
    }

    /// <summary>BIFF5: the relative flags sit in the row word above a 14-bit row; the column is one byte.</summary>
    private static (int, int, bool, bool) Location5(int rowWord, byte columnByte, int row, int column, bool relative)
    {
        var rowRelative = (rowWord & 0x8000) != 0;
        var columnRelative = (rowWord & 0x4000) != 0;
        var stored = rowWord & 0x3FFF;
        var r = relative && rowRelative ? (row + ((short)(stored << 2) >> 2)) & 0x3FFF : stored;
        var c = relative && columnRelative ? (column + (sbyte)columnByte) & 0xFF : columnByte;
        return (r, c, rowRelative, columnRelative);
    }

    /// <summary>The sheet prefix of a 3-D reference; BIFF8's are worked out once per EXTERNSHEET entry.</summary>
    private string? CachedSheetPrefix(ReadOnlySpan<byte> s)
    {
        if (!_biff8) return SheetPrefix(s);
        int entry = BinaryPrimitives.ReadUInt16LittleEndian(s);
        if (!_sheetPrefixes.TryGetValue(entry, out var prefix)) _sheetPrefixes[entry] = prefix = SheetPrefix(s);
        return prefix;
    }

    /// <summary>The "Sheet1!" (or "Sheet1:Sheet3!", "[1]Sheet1!") before a 3-D reference.</summary>
    private string? SheetPrefix(ReadOnlySpan<byte> s)
    {
        if (_biff8)
        {
            int index = BinaryPrimitives.ReadUInt16LittleEndian(s);
            if (index >= names.References.Count) return null;
            var (bookIndex, first, last) = names.References[index];
            if (bookIndex >= names.Books.Count) return null;
            var book = names.Books[bookIndex];
            if (book.Kind is not (XlsWorkbookNames.BookKind.Self or XlsWorkbookNames.BookKind.External)) return null;
            if (first == 0xFFFF || last == 0xFFFF) return "#REF!";
            if (first >= book.Sheets.Count || last >= book.Sheets.Count) return null;
            var label = book.Kind == XlsWorkbookNames.BookKind.External ? $"[{book.ExternalNumber}]" : "";
            return SheetsText(label, book.Sheets[first], first == last ? null : book.Sheets[last]);
        }
        // BIFF5: a negative index is this workbook, whose sheets the two tab numbers give; a positive one an EXTERNSHEET entry.
        var entry = (short)BinaryPrimitives.ReadUInt16LittleEndian(s);
        int firstTab = BinaryPrimitives.ReadUInt16LittleEndian(s[10..]);
        int lastTab = BinaryPrimitives.ReadUInt16LittleEndian(s[12..]);
        if (entry < 0)
        {
            if (firstTab == 0xFFFF || lastTab == 0xFFFF) return "#REF!";
            if (firstTab >= names.Sheets.Count || lastTab >= names.Sheets.Count) return null;
            return SheetsText("", names.Sheets[firstTab], firstTab == lastTab ? null : names.Sheets[lastTab]);
        }
        return entry >= 1 && entry <= names.Books.Count && names.Books[entry - 1] is { Kind: XlsWorkbookNames.BookKind.Self, Sheets: [var only] }
            ? SheetsText("", only, null) : null;
    }

    private static string SheetsText(string label, string first, string? last)
    {
        var text = label + first + (last is null ? "" : ":" + last);
        var plain = label.Length == 0 && IsPlainSheetName(first) && (last is null || IsPlainSheetName(last));
        return (plain ? text : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'") + "!";
    }

    /// <summary>Whether Excel writes a sheet name unquoted: letters, digits, '_' and '.', not starting with a
    /// digit, and not readable as a cell reference (A1, R1C1, R, C).</summary>
    internal static bool IsPlainSheetName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || name[0] == '.') return false;
        foreach (var c in name)
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.')) return false;
        return !LooksLikeA1(name) && !LooksLikeR1C1(name);
    }

    private static bool LooksLikeA1(string name)
    {
        var letters = 0;
        while (letters < name.Length && char.IsAsciiLetter(name[letters])) letters++;
        if (letters is 0 or > 3 || letters == name.Length) return false;
        for (var k = letters; k < name.Length; k++)
            if (!char.IsAsciiDigit(name[k])) return false;
        return true;
    }

    private static bool LooksLikeR1C1(string name)
    {
        var upper = name.ToUpperInvariant();
        var k = 0;
        bool Part(char letter)
        {
            if (k >= upper.Length || upper[k] != letter) return false;
            k++;
            while (k < upper.Length && char.IsAsciiDigit(upper[k])) k++;
            return true;
        }
        var any = Part('R');
        any |= Part('C');
        return any && k == upper.Length;
    }

    /// <summary>A PtgNameX's name: an add-in or newer function (shown without its <c>_xlfn.</c> prefix), or a
    /// name in another workbook ("[1]!Name").</summary>
    private string? ExternalName(ReadOnlySpan<byte> s)
    {
        int bookIndex, nameIndex;
        if (_biff8)
        {
            int reference = BinaryPrimitives.ReadUInt16LittleEndian(s);
            if (reference >= names.References.Count) return null;
            bookIndex = names.References[reference].Book;
            nameIndex = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]) - 1;
        }
        else
        {
            bookIndex = (short)BinaryPrimitives.ReadUInt16LittleEndian(s) - 1;
            nameIndex = BinaryPrimitives.ReadUInt16LittleEndian(s[10..]) - 1;
        }
        if (bookIndex < 0 || bookIndex >= names.Books.Count) return null;
        var book = names.Books[bookIndex];
        if (book.Kind == XlsWorkbookNames.BookKind.Self)
            return nameIndex >= 0 && nameIndex < names.DefinedNames.Count ? names.DefinedNames[nameIndex] : null;
        if (nameIndex < 0 || nameIndex >= book.Names.Count || book.Names[nameIndex] is not { } name) return null;
        return book.Kind switch
        {
            XlsWorkbookNames.BookKind.AddIn => WithoutFutureFunctionPrefix(name),
            XlsWorkbookNames.BookKind.External => $"[{book.ExternalNumber}]!{name}",
            _ => null,
        };
    }

    private static string WithoutFutureFunctionPrefix(string name) =>
        name.StartsWith("_xlfn.", StringComparison.Ordinal) ? name[6..] : name.StartsWith("_xlws.", StringComparison.Ordinal) ? name[6..] : name;

    /// <summary>PtgStr: BIFF8 a length byte, flags and characters; BIFF5 a length byte and code-page bytes.</summary>
    private bool ReadString(ReadOnlySpan<byte> s, out string text, out int size)
    {
        (text, size) = ("", 0);
        if (s.IsEmpty) return false;
        int count = s[0];
        if (_biff8)
        {
            if (s.Length < 2) return false;
            var wide = (s[1] & 1) != 0;
            size = 2 + (wide ? 2 * count : count);
            if (s.Length < size || XlsWorkbookNames.UnicodeChars(s[1..], count) is not { } chars) return false;
            text = chars;
            return true;
        }
        size = 1 + count;
        if (s.Length < size) return false;
        text = names.Legacy.GetString(s.Slice(1, count));
        return true;
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>An array constant from the extra data: columns - 1 (a byte), rows - 1 (two bytes), then each value.</summary>
    private string? ArrayConstant(ref ReadOnlySpan<byte> extra)
    {
        if (extra.Length < 3) return null;
        var columns = extra[0] + 1;
        var rows = BinaryPrimitives.ReadUInt16LittleEndian(extra[1..]) + 1;
        var s = extra[3..];
        var text = new StringBuilder("{");
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                if (r > 0 || c > 0) text.Append(c == 0 ? ';' : ',');
                if (s.IsEmpty || text.Length > MaxChars) return null;
                var kind = s[0];
                s = s[1..];
                switch (kind)
                {
                    case 0x00 when s.Length >= 8: s = s[8..]; break;
                    case 0x01 when s.Length >= 8:
                        text.Append(Number(BinaryPrimitives.ReadDoubleLittleEndian(s)));
                        s = s[8..];
                        break;
                    case 0x02:
                    {
                        string? value;
                        if (_biff8)
                        {
                            if (s.Length < 3) return null;
                            int count = BinaryPrimitives.ReadUInt16LittleEndian(s);
                            var size = 3 + ((s[2] & 1) != 0 ? 2 * count : count);
                            value = s.Length >= size ? XlsWorkbookNames.UnicodeChars(s[2..], count) : null;
                            if (value is null) return null;
                            s = s[size..];
                        }
                        else
                        {
                            if (s.Length < 1 || s.Length < 1 + s[0]) return null;
                            value = names.Legacy.GetString(s.Slice(1, s[0]));
                            s = s[(1 + s[0])..];
                        }
                        text.Append(Quote(value));
                        break;
                    }
                    case 0x04 when s.Length >= 8:
                        text.Append(s[0] != 0 ? "TRUE" : "FALSE");
                        s = s[8..];
                        break;
                    case 0x10 when s.Length >= 8 && ErrorName(s[0]) is { } error:
                        text.Append(error);
                        s = s[8..];
                        break;
                    default: return null;
                }
            }
        extra = s;
        return text.Append('}').ToString();
    }

    /// <summary>Moves past PtgMemArea's cached rectangles in the extra data: a count, then each rectangle.</summary>
    private bool SkipMemArea(ref ReadOnlySpan<byte> extra)
    {
        if (extra.Length < 2) return false;
        var size = 2 + BinaryPrimitives.ReadUInt16LittleEndian(extra) * (_biff8 ? 8 : 6);
        if (extra.Length < size) return false;
        extra = extra[size..];
        return true;
    }

    /// <summary>A number as Excel writes it in a formula: the shortest text that reads back as the same double.</summary>
    private static string Number(double value) => value.ToString(ShortestRoundTrip, CultureInfo.InvariantCulture);

    private const string ShortestRoundTrip = "R";

    /// <summary>The error a BIFF error code stands for ([MS-XLS] BErr).</summary>
    public static string? ErrorName(byte code) => code switch
    {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => null,
    };
}
