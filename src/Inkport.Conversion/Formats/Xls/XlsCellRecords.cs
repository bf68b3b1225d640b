using System.Buffers.Binary;
using System.Text;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Formats.Xls;

/// <summary>What one cell record says beyond ExcelDataReader's value: the error it holds, the formula that
/// computed it, or both; a BIFF2–4 formula's text result, which the reader cannot decode; or the hyperlink on
/// the cell. The formula is rendered when the cell's row is read (<see cref="XlsFormulaText"/>).</summary>
internal readonly record struct XlsCellRecord(int Column, string? Error, XlsFormula? Formula, string? Text = null, string? Link = null);

/// <summary>The cell records of one worksheet, by row, in the order the file has them, and its frozen panes.</summary>
internal sealed class XlsSheetRecords : Dictionary<int, List<XlsCellRecord>>
{
    /// <summary>Whether the sheet's window freezes its panes (WINDOW2), and how many rows and columns (PANE).</summary>
    public bool Frozen { get; set; }
    public int FrozenRows { get; set; }
    public int FrozenColumns { get; set; }
}

/// <summary>What ExcelDataReader 3.6 does not give of an Excel 2–2003 workbook: error values (#DIV/0!, #N/A, ...),
/// which it reads as empty cells, and formula text, frozen panes and hyperlinks, which it does not read at all. One pass over the BIFF records,
/// before the reader runs, collects each worksheet's error constants (BOOLERR), its formulas (FORMULA, with the
/// SHRFMLA and ARRAY records they point to) and the workbook globals their references name (sheets, defined and
/// external names, EXTERNSHEET). Formulas are kept as their parsed tokens, one copy per record (a shared formula's
/// cells share one), so the pass holds no more than the file. A file the pass cannot follow yields what was found
/// so far: whether the file is corrupt is the reader's call. Formulas are read from every BIFF version; defined names
/// and other sheets are named from BIFF5 on.</summary>
internal static class XlsCellRecords
{
    private const int Bof2 = 0x0009, Bof3 = 0x0209, Bof4 = 0x0409, Bof5 = 0x0809;
    private const int Eof = 0x000A, BoundSheet = 0x0085, CodePage = 0x0042, FilePass = 0x002F;
    private const int BoolErr2 = 0x0005, BoolErr = 0x0205;
    private const int Formula2And5 = 0x0006, Formula3 = 0x0206, Formula4 = 0x0406;
    private const int SharedFormula = 0x04BC, SharedFormula5 = 0x00BC, ArrayFormula = 0x0221;
    private const int Name = 0x0018, SupBook = 0x01AE, ExternName = 0x0023, ExternSheet = 0x0017;
    private const int String2 = 0x0007, String = 0x0207;
    private const int Window2Biff2 = 0x003E, Window2 = 0x023E, Pane = 0x0041, HyperlinkRecord = 0x01B8;

    /// <summary>Bounds on the cells hyperlinks cover, as for xlsx: per link range, and per sheet.</summary>
    private const int MaxLinkCellsPerRange = 10_000, MaxLinkCells = 1_000_000;

    /// <summary>BOF substream types of a worksheet (a dialog sheet shares it).</summary>
    private const int WorksheetType = 0x0010;

    /// <summary>BOF versions whose strings are Unicode (BIFF8) or code-page bytes with BIFF5's token layout.</summary>
    private const int Biff8Version = 0x0600, Biff5Version = 0x0500;

    /// <summary>Where a FORMULA record's parsed tokens start (BIFF5 and BIFF8): row, column, format, result,
    /// flags, a reserved or cache field, and the token length.</summary>
    private const int FormulaTokens = 22;

    /// <summary>The sheet of a bare record stream, which has no BOUNDSHEET records to name it.</summary>
    public const string OnlySheet = "";

    /// <summary>Each worksheet's cell records by sheet name, and the globals their formulas name.</summary>
    public static (Dictionary<string, XlsSheetRecords> Sheets, XlsWorkbookNames Names) Read(Stream input, XlsPackaging packaging)
    {
        var walk = new Walker();
        try
        {
            var records = packaging == XlsPackaging.CompoundFile ? OpenWorkbookStream(input) : input;
            if (records is not null) walk.Run(records);
        }
        catch (Exception e) when (e is ConversionException or IOException or ArgumentException) { }
        finally { input.Position = 0; }
        return (walk.Sheets, walk.Names);
    }

    private static Stream? OpenWorkbookStream(Stream input)
    {
        var file = CompoundFile.Open(input);
        var entry = file.FindRootEntry("Workbook") ?? file.FindRootEntry("Book");
        return entry is { Type: CompoundFileEntryType.Stream } ? file.OpenStream(entry) : null;
    }

    private sealed class Walker
    {
        public readonly Dictionary<string, XlsSheetRecords> Sheets = new(StringComparer.Ordinal);
        public readonly XlsWorkbookNames Names = new();

        private readonly Dictionary<long, string> _offsets = [];
        private bool _biff2;
        private int _depth;
        private XlsSheetRecords? _sheet;
        private int _links;

        // A worksheet's shared and array formulas by the cell their PtgExp tokens point at (row << 8 | column).
        private readonly Dictionary<int, XlsFormula> _shared = [];
        private readonly HashSet<int> _arrays = [];
        // The FORMULA record last read whose tokens point at a formula not yet seen: the SHRFMLA or ARRAY
        // record after it defines that formula.
        private (int Row, int Column, int Target, int Index)? _waiting;
        // A BIFF2-4 FORMULA record whose result is text: the STRING record after it holds the text.
        private (int Row, int Index)? _textResult;

        public void Run(Stream workbook)
        {
            var buffer = new byte[4 + ushort.MaxValue];
            workbook.Position = 0;
            // Read straight through: the chain of small records is cheaper read in bulk than seeked over.
            var records = new BufferedStream(workbook, 64 * 1024);
            long position = 0;
            while (records.ReadAtLeast(buffer.AsSpan(0, 4), 4, throwOnEndOfStream: false) == 4)
            {
                var id = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
                var length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2));
                var body = buffer.AsSpan(4, length);
                if (records.ReadAtLeast(body, length, throwOnEndOfStream: false) < length) return;
                var start = position;
                position += 4 + length;
                if (id == FilePass) return; // encrypted: the cells cannot be read, and the reader says so
                Take(id, body, start);
            }
        }

        /// <summary>Takes one record.</summary>
        private void Take(int id, ReadOnlySpan<byte> body, long start)
        {
            var inSheet = _depth == 1 && _sheet is not null;
            if (id is not (SharedFormula or SharedFormula5 or ArrayFormula)) _waiting = null;
            var textResult = _textResult;
            _textResult = null;
            switch (id)
            {
                case Bof2 or Bof3 or Bof4 or Bof5 when body.Length >= 4:
                    if (++_depth > 1) break;
                    var version = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    var type = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                    _biff2 = id == Bof2;
                    // The workbook globals' version holds for every sheet (a later substream may say otherwise).
                    if (Names.Version == 0)
                        Names.Version = id switch { Bof2 => 2, Bof3 => 3, Bof4 => 4, _ => version == Biff8Version ? 8 : version == Biff5Version ? 5 : -1 };
                    _sheet = null;
                    _links = 0;
                    _shared.Clear();
                    _arrays.Clear();
                    if (type != WorksheetType) break;
                    // A workbook names its sheets by where their BOF is; a bare stream is one sheet.
                    var name = _offsets.Count == 0 ? OnlySheet : _offsets.GetValueOrDefault(start);
                    if (name is not null) Sheets[name] = _sheet = [];
                    break;
                case Eof:
                    if (--_depth <= 0) (_depth, _sheet) = (0, null);
                    break;
                case CodePage when _depth == 1 && body.Length >= 2:
                    Names.CodePage = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    break;
                case BoundSheet when _depth == 1 && body.Length >= 8:
                    var sheetName = Names.ShortString(body[6..]);
                    if (sheetName is not null) _offsets[BinaryPrimitives.ReadUInt32LittleEndian(body)] = sheetName;
                    Names.Sheets.Add(sheetName ?? "");
                    break;
                case Name when _depth == 1 && _sheet is null:
                    Names.AddName(body);
                    break;
                case SupBook when _depth == 1 && _sheet is null:
                    Names.AddSupBook(body);
                    break;
                case ExternName when _depth == 1 && _sheet is null:
                    Names.AddExternName(body);
                    break;
                case ExternSheet when _depth == 1 && _sheet is null:
                    Names.AddExternSheet(body);
                    break;
                case BoolErr or BoolErr2 when inSheet:
                {
                    var at = _biff2 ? 7 : 6;
                    if (body.Length >= at + 2 && body[at + 1] == 1 && XlsFormulaText.ErrorName(body[at]) is { } error)
                        Add(Row(body), Column(body), error, null);
                    break;
                }
                case Formula2And5 or Formula3 or Formula4 when inSheet:
                    TakeFormula(id, body);
                    break;
                case SharedFormula or SharedFormula5 or ArrayFormula when inSheet && _waiting is { } waiting:
                    TakeSharedOrArray(id, body, waiting);
                    break;
                case Window2Biff2 when inSheet && body.Length >= 4:
                    _sheet!.Frozen = body[3] != 0;
                    break;
                case Window2 when inSheet && body.Length >= 2:
                    _sheet!.Frozen = (body[0] & 0x08) != 0;
                    break;
                case Pane when inSheet && body.Length >= 4:
                    // The split: columns left of it and rows above it, which a frozen window holds still.
                    _sheet!.FrozenColumns = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    _sheet.FrozenRows = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                    break;
                case HyperlinkRecord when inSheet && Names.Biff8 && body.Length >= 32:
                    if (XlsHyperlink.Target(body[24..]) is { } target) AddLink(body, target);
                    break;
                case String2 or String when inSheet && textResult is { } result:
                {
                    // BIFF2: a length byte; BIFF3 and 4: two; then code-page bytes.
                    var at = id == String2 ? 1 : 2;
                    if (body.Length < at) break;
                    var length = at == 1 ? body[0] : BinaryPrimitives.ReadUInt16LittleEndian(body);
                    if (body.Length < at + length) break;
                    var cells = _sheet![result.Row];
                    cells[result.Index] = cells[result.Index] with { Text = Names.Legacy.GetString(body.Slice(at, length)) };
                    break;
                }
            }
        }

        private void TakeFormula(int id, ReadOnlySpan<byte> body)
        {
            var at = _biff2 ? 7 : 6;
            var result = ResultKind(body, at);
            var error = result == ErrorResult ? XlsFormulaText.ErrorName(body[at + 2]) : null;
            var (row, column) = (Row(body), Column(body));
            XlsFormula? formula = null;
            int? target = null;
            // Where the token length and the tokens are: BIFF2 gives the length a byte, BIFF3 and 4 have no reserved field.
            var (sizeAt, tokensAt) = _biff2 ? (16, 17) : id == Formula2And5 ? (FormulaTokens - 2, FormulaTokens) : (16, 18);
            if (Names.Version > 0 && body.Length >= tokensAt)
            {
                int size = _biff2 ? body[sizeAt] : BinaryPrimitives.ReadUInt16LittleEndian(body[sizeAt..]);
                var tokens = body[tokensAt..];
                if (size <= tokens.Length)
                {
                    // A lone PtgExp points at the cell whose SHRFMLA or ARRAY record holds the formula.
                    if (size == 5 && tokens[0] == 0x01)
                        target = BinaryPrimitives.ReadUInt16LittleEndian(tokens[1..]) << 8 | tokens[3];
                    else if (size > 0 && tokens[0] != 0x01)
                        formula = new XlsFormula(tokens.ToArray(), size, Shared: false);
                }
            }
            if (target is { } key)
            {
                if (_shared.TryGetValue(key, out var shared)) formula = shared;
                else if (!_arrays.Contains(key)) _waiting = (row, column, key, Add(row, column, error, null));
                // An array formula's other cells hold only its results, as in xlsx.
            }
            int? index = _waiting is { } w && w.Row == row && w.Column == column ? w.Index : null;
            if (index is null && (error is not null || formula is not null)) index = Add(row, column, error, formula);
            // Before BIFF5 the reader leaves text results out.
            if (index is { } added && Names.Version is > 0 and < 5 && result == TextResult) _textResult = (row, added);
        }

        private const int TextResult = 0, ErrorResult = 2;

        /// <summary>The kind of a FORMULA record's cached result that is not a number (bytes 6-7 0xFFFF mark one,
        /// byte 0 says which: 0 text, 1 boolean, 2 error, 3 empty), or -1 for a number.</summary>
        private static int ResultKind(ReadOnlySpan<byte> body, int at) =>
            body.Length >= at + 8 && body[at + 6] == 0xFF && body[at + 7] == 0xFF ? body[at] : -1;

        private void TakeSharedOrArray(int id, ReadOnlySpan<byte> body, (int Row, int Column, int Target, int Index) waiting)
        {
            // SHRFMLA: range (6 bytes), reserved, use count, token length; ARRAY: range, flags, reserved (4), token length.
            var sizeAt = id == ArrayFormula ? 12 : 8;
            if (body.Length < sizeAt + 2) return;
            var size = BinaryPrimitives.ReadUInt16LittleEndian(body[sizeAt..]);
            var tokens = body[(sizeAt + 2)..];
            if (size == 0 || size > tokens.Length) return;
            var formula = new XlsFormula(tokens.ToArray(), size, Shared: id != ArrayFormula);
            if (id == ArrayFormula) _arrays.Add(waiting.Target);
            else _shared[waiting.Target] = formula;
            // The array's own cell shows its formula; a shared formula shows in every cell that uses it.
            var own = (waiting.Row << 8 | waiting.Column) == waiting.Target;
            if (id != ArrayFormula || own)
            {
                var cells = _sheet![waiting.Row];
                cells[waiting.Index] = cells[waiting.Index] with { Formula = formula };
            }
        }

        /// <summary>Puts a link on every cell of its range (rows, then columns, 16 bits each), within the bounds.</summary>
        private void AddLink(ReadOnlySpan<byte> body, string target)
        {
            int firstRow = BinaryPrimitives.ReadUInt16LittleEndian(body), lastRow = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
            int firstColumn = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]), lastColumn = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]);
            var cells = 0;
            for (var r = firstRow; r <= lastRow && cells < MaxLinkCellsPerRange && _links < MaxLinkCells; r++)
                for (var c = firstColumn; c <= lastColumn && cells < MaxLinkCellsPerRange && _links < MaxLinkCells; c++, cells++, _links++)
                    RecordsOf(r).Add(new XlsCellRecord(c, null, null, Link: target));
        }

        /// <summary>Adds a record to its row; returns its index there.</summary>
        private int Add(int row, int column, string? error, XlsFormula? formula)
        {
            var cells = RecordsOf(row);
            cells.Add(new XlsCellRecord(column, error, formula));
            return cells.Count - 1;
        }

        private List<XlsCellRecord> RecordsOf(int row)
        {
            if (!_sheet!.TryGetValue(row, out var cells)) _sheet[row] = cells = [];
            return cells;
        }

        private static int Row(ReadOnlySpan<byte> cell) => BinaryPrimitives.ReadUInt16LittleEndian(cell);

        private static int Column(ReadOnlySpan<byte> cell) => BinaryPrimitives.ReadUInt16LittleEndian(cell[2..]);
    }
}

/// <summary>A formula's parsed tokens (rgce) followed by their extra data (rgcb: array constants, ...).
/// A shared formula's references are relative to the cell that shows it.</summary>
internal sealed record XlsFormula(byte[] Data, int TokenLength, bool Shared);

/// <summary>The workbook globals a formula's references name: sheets in order, defined names, the external
/// books and their names (BIFF8 SUPBOOK / EXTERNNAME, addressed through EXTERNSHEET's XTI entries), or BIFF5's
/// EXTERNSHEET entries.</summary>
internal sealed class XlsWorkbookNames
{
    public int Version { get; set; }
    public int CodePage
    {
        get;
        set { field = value; _legacy = null; }
    } = 1252;

    private Encoding? _legacy;
    public List<string> Sheets { get; } = [];
    public List<string?> DefinedNames { get; } = [];
    public List<Book> Books { get; } = [];
    public List<(int Book, int First, int Last)> References { get; } = [];

    public bool Biff8 => Version == 8;

    public enum BookKind { Self, AddIn, External, Other }

    /// <summary>A SUPBOOK (BIFF8) or an EXTERNSHEET entry (BIFF5): what its references point at.</summary>
    public sealed class Book(BookKind kind, int externalNumber, List<string> sheets)
    {
        public BookKind Kind { get; } = kind;
        /// <summary>1-based among the external books: the n of "[n]Sheet1!A1".</summary>
        public int ExternalNumber { get; } = externalNumber;
        public List<string> Sheets { get; } = sheets;
        public List<string?> Names { get; } = [];
    }

    /// <summary>Built-in defined names ([MS-XLS] Lbl), by their one-character code.</summary>
    private static readonly string[] BuiltInNames =
    [
        "Consolidate_Area", "Auto_Open", "Auto_Close", "Extract", "Database", "Criteria", "Print_Area",
        "Print_Titles", "Recorder", "Data_Form", "Auto_Activate", "Auto_Deactivate", "Sheet_Title", "_FilterDatabase",
    ];

    public void AddName(ReadOnlySpan<byte> body)
    {
        // BIFF5 and 8: flags (2), shortcut key, name length, token length, then 10 more bytes before the name;
        // BIFF8 puts a Unicode flags byte before the characters. Earlier names stay unnamed (their formulas unshown).
        string? name = null;
        if (Version >= 5 && body.Length >= 15)
        {
            var builtIn = (body[0] & 0x20) != 0;
            int count = body[3];
            var text = Biff8 ? UnicodeChars(body[14..], count) : body.Length >= 14 + count ? Legacy.GetString(body.Slice(14, count)) : null;
            name = builtIn && text is { Length: 1 } ? (text[0] < BuiltInNames.Length ? BuiltInNames[text[0]] : null) : text;
        }
        DefinedNames.Add(name);
    }

    public void AddSupBook(ReadOnlySpan<byte> body)
    {
        if (!Biff8 || body.Length < 4) return;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var marker = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        if (marker == 0x0401) { Books.Add(new Book(BookKind.Self, 0, Sheets)); return; }
        if (marker == 0x3A01) { Books.Add(new Book(BookKind.AddIn, 0, [])); return; }
        // An external workbook: its path (the length just read, a flags byte, the characters), then its sheet names.
        var sheets = new List<string>();
        var rest = body[4..];
        if (Skip(ref rest, marker))
            for (var i = 0; i < count && rest.Length >= 3; i++)
            {
                int length = BinaryPrimitives.ReadUInt16LittleEndian(rest);
                rest = rest[2..];
                var sheet = UnicodeChars(rest, length);
                if (sheet is null || !Skip(ref rest, length)) break;
                sheets.Add(sheet);
            }
        var number = Books.Count(b => b.Kind == BookKind.External) + 1;
        Books.Add(new Book(count == 0 ? BookKind.Other : BookKind.External, number, sheets));
    }

    public void AddExternName(ReadOnlySpan<byte> body)
    {
        if (Books.Count == 0) return;
        // BIFF8: flags (2), 4 bytes, then a short Unicode string; BIFF5: flags, 4 bytes, length, code-page bytes.
        string? name = null;
        if (Biff8 && body.Length >= 8) name = UnicodeChars(body[7..], body[6]);
        else if (!Biff8 && body.Length >= 7 && body.Length >= 7 + body[6]) name = Legacy.GetString(body.Slice(7, body[6]));
        Books[^1].Names.Add(name);
    }

    public void AddExternSheet(ReadOnlySpan<byte> body)
    {
        if (Biff8)
        {
            if (body.Length < 2) return;
            var count = BinaryPrimitives.ReadUInt16LittleEndian(body);
            for (var i = 0; i < count && body.Length >= 2 + 6 * (i + 1); i++)
            {
                var entry = body.Slice(2 + 6 * i, 6);
                References.Add((BinaryPrimitives.ReadUInt16LittleEndian(entry), BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(entry[4..])));
            }
            return;
        }
        // BIFF5: one record per entry; a name length, then a type byte: 3 a sheet of this workbook by name,
        // 4 this workbook, ':' the add-in functions; anything else is another file.
        var kind = BookKind.Other;
        var sheets = new List<string>();
        if (body.Length >= 2)
        {
            int length = body[0];
            switch (body[1])
            {
                case 0x03 when body.Length >= 1 + length && length >= 1:
                    kind = BookKind.Self;
                    sheets.Add(Legacy.GetString(body.Slice(2, length - 1)));
                    break;
                case 0x04: kind = BookKind.Self; break;
                case 0x3A: kind = BookKind.AddIn; break;
            }
        }
        Books.Add(new Book(kind, 0, sheets));
    }

    /// <summary>A BIFF8 short string (length byte, flags, characters) or an earlier version's (length, bytes).</summary>
    public string? ShortString(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return null;
        int count = s[0];
        if (!Biff8) return s.Length >= 1 + count ? Legacy.GetString(s.Slice(1, count)) : null;
        return UnicodeChars(s[1..], count);
    }

    /// <summary>BIFF8 characters after their flags byte: one byte each, or UTF-16 when the flag's low bit is set.</summary>
    public static string? UnicodeChars(ReadOnlySpan<byte> s, int count)
    {
        if (s.IsEmpty) return null;
        var wide = (s[0] & 1) != 0;
        var bytes = s[1..];
        if (wide) return bytes.Length >= 2 * count ? Encoding.Unicode.GetString(bytes[..(2 * count)]) : null;
        return bytes.Length >= count ? Encoding.Latin1.GetString(bytes[..count]) : null;
    }

    /// <summary>Moves past BIFF8 characters (flags byte first); false when they run past the record.</summary>
    private static bool Skip(ref ReadOnlySpan<byte> s, int count)
    {
        if (s.IsEmpty) return false;
        var size = 1 + ((s[0] & 1) != 0 ? 2 * count : count);
        if (s.Length < size) return false;
        s = s[size..];
        return true;
    }

    /// <summary>The workbook's code page, for text before BIFF8.</summary>
    public Encoding Legacy => _legacy ??= Find(CodePage);

    private static Encoding Find(int codePage)
    {
        // 32769 is Excel's other name for Windows-1252.
        try { return Encoding.GetEncoding(codePage == 32769 ? 1252 : codePage); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException) { return Encoding.Latin1; }
    }
}
