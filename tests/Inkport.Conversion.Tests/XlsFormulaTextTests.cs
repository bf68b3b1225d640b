using System.Buffers.Binary;
using System.Text;
using Inkport.Conversion.Formats.Xls;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>BIFF parsed formulas back to text, token by token ([MS-XLS] 2.5.198.103), as Excel shows them.
/// The corpus check (every formula of the corpus xls files against SheetJS) is in the closing note of the change;
/// these pin each construct.</summary>
public sealed class XlsFormulaTextTests
{
    [Fact]
    public void Operators_operands_and_parentheses_come_back_in_order()
    {
        Assert.Equal("A1+B2*2", Render(T.Ref(0, 0) + T.Ref(1, 1) + T.Int(2) + T.Op(0x05) + T.Op(0x03)));
        Assert.Equal("(A1+B1)/2", Render(T.Ref(0, 0) + T.Ref(0, 1) + T.Op(0x03) + T.Op(0x15) + T.Int(2) + T.Op(0x06)));
        Assert.Equal("-A1%", Render(T.Ref(0, 0) + T.Op(0x13) + T.Op(0x14)));
        Assert.Equal("A1<>\"say \"\"hi\"\"\"", Render(T.Ref(0, 0) + T.Str("say \"hi\"") + T.Op(0x0E)));
        Assert.Equal("TRUE&#N/A&0.1&1E+100", Render(T.Bool(true) + T.Err(0x2A) + T.Op(0x08) + T.Num(0.1) + T.Op(0x08) + T.Num(1e100) + T.Op(0x08)));
        Assert.Equal("\"中文\"", Render(T.Str("中文")));
    }

    [Fact]
    public void References_keep_their_dollars_and_whole_columns_and_rows_read_as_Excel_shows_them()
    {
        Assert.Equal("$A$1", Render(T.Ref(0, 0, rowRelative: false, columnRelative: false)));
        Assert.Equal("A$1", Render(T.Ref(0, 0, rowRelative: false)));
        Assert.Equal("$IV65536", Render(T.Ref(65535, 255, columnRelative: false)));
        Assert.Equal("B2:C10", Render(T.Area(1, 9, 1, 2)));
        Assert.Equal("A:B", Render(T.Area(0, 65535, 0, 1)));
        Assert.Equal("$3:$5", Render(T.Area(2, 4, 0, 255, rowRelative: false)));
        Assert.Equal("#REF!+#REF!", Render(T.Raw(0x2A, 0, 0, 0, 0) + T.Raw(0x2B, 0, 0, 0, 0, 0, 0, 0, 0) + T.Op(0x03)));
    }

    [Fact]
    public void A_shared_formula_moves_with_the_cell_that_shows_it()
    {
        // PtgRefN / PtgAreaN: relative parts are offsets (-1 row, +1 column; whole-column-free area 0..2 rows down).
        var tokens = T.RefN(-1, 1) + T.AreaN(0, 2, 0, 0, firstColumnRelative: false) + T.Func(4, 2, variable: true);
        Assert.Equal("SUM(C4,$A5:B7)", Render(tokens, row: 4, column: 1, shared: true));
        Assert.Equal("SUM(D9,$A10:C12)", Render(tokens, row: 9, column: 2, shared: true));
        // An offset that runs off the grid wraps, as Excel does.
        Assert.Equal("SUM(IV65536)", Render(T.RefN(-1, -1) + T.Func(4, 1, variable: true), row: 0, column: 0, shared: true));
    }

    [Fact]
    public void Sheet_references_are_quoted_where_Excel_quotes_them()
    {
        Assert.Equal("Data!A1", Render(T.Ref3d(0, 0, 0)));
        Assert.Equal("'My Sheet'!A1:B2", Render(T.Area3d(1, 0, 1, 0, 1)));
        Assert.Equal("'2019'!A1", Render(T.Ref3d(2, 0, 0)));
        Assert.Equal("'O''Brien'!A1", Render(T.Ref3d(3, 0, 0)));
        Assert.Equal("'A1'!A1", Render(T.Ref3d(4, 0, 0)));
        Assert.Equal("数据表!A1", Render(T.Ref3d(5, 0, 0)));
        Assert.Equal("'Data:My Sheet'!C3", Render(T.Ref3d(6, 2, 2)));
        Assert.Equal("'[1]Other Book'!A1", Render(T.Ref3d(7, 0, 0)));
        Assert.Equal("#REF!A1", Render(T.Ref3d(8, 0, 0)));
    }

    [Fact]
    public void Functions_take_their_arguments_in_order_including_missing_ones()
    {
        Assert.Equal("ABS(A1)", Render(T.Ref(0, 0) + T.Func(24, 1)));
        Assert.Equal("PI()", Render(T.Func(19, 0)));
        Assert.Equal("IF(A1,,2)", Render(T.Ref(0, 0) + T.Raw(0x16) + T.Int(2) + T.Func(1, 3, variable: true)));
        Assert.Equal("SUM(A1:A3)", Render(T.Area(0, 2, 0, 0) + T.Attr(0x10, 0)));
        // AttrChoose carries a jump table after its count.
        Assert.Equal("CHOOSE(2,A1,B1)", Render(T.Int(2) + T.Attr(0x04, 2) + T.Raw(0, 0, 0, 0, 0, 0) + T.Ref(0, 0) + T.Ref(0, 1) + T.Func(100, 3, variable: true)));
        Assert.Equal("Total*2", Render(T.Name(1) + T.Int(2) + T.Op(0x05)));
    }

    [Fact]
    public void Newer_and_add_in_functions_are_called_by_name_without_their_prefix()
    {
        Assert.Equal("IFERROR(A1,0)", Render(T.NameX(9, 1) + T.Ref(0, 0) + T.Int(0) + T.Func(255, 3, variable: true)));
        Assert.Equal("IFERROR(A1,0)", Render(T.Name(2) + T.Ref(0, 0) + T.Int(0) + T.Func(255, 3, variable: true)));
        Assert.Equal("[1]!Rate", Render(T.NameX(7, 1)));
    }

    [Fact]
    public void Array_constants_come_from_the_extra_data()
    {
        var extra = new byte[] { 1, 1, 0 }                       // 2 columns, 2 rows
            .Concat(T.Value(0x01, BitConverter.GetBytes(1.5)))
            .Concat(new byte[] { 0x02, 2, 0, 0, (byte)'a', (byte)'"' })
            .Concat(T.Value(0x04, [1, 0, 0, 0, 0, 0, 0, 0]))
            .Concat(T.Value(0x10, [0x07, 0, 0, 0, 0, 0, 0, 0])).ToArray();
        Assert.Equal("SUM({1.5,\"a\"\"\";TRUE,#DIV/0!})", Render(T.Raw(0x60, 0, 0, 0, 0, 0, 0, 0) + T.Func(4, 1, variable: true), extra: extra));
    }

    [Fact]
    public void Whitespace_tokens_put_spaces_and_line_breaks_where_they_were_typed()
    {
        Assert.Equal("SUM(A1, B1)", Render(T.Ref(0, 0) + T.Space(0, 1) + T.Ref(0, 1) + T.Func(4, 2, variable: true)));
        Assert.Equal("A1 +B1", Render(T.Ref(0, 0) + T.Ref(0, 1) + T.Space(0, 1) + T.Op(0x03)));
        Assert.Equal("(A1\n)", Render(T.Ref(0, 0) + T.Space(5, 1) + T.Op(0x15)));
    }

    [Fact]
    public void Biff5_tokens_have_their_own_sizes()
    {
        var names = new XlsWorkbookNames { Version = 5 };
        names.Sheets.AddRange(["First", "Second Sheet"]);
        names.DefinedNames.Add("Total");
        // PtgRef: the relative flags in the row word, a one-byte column; PtgName: an index and 12 reserved bytes.
        var tokens = new byte[] { 0x44, 0x01, 0xC0, 0x02 }
            .Concat(new byte[] { 0x23, 1, 0 }).Concat(new byte[12])
            .Concat(new byte[] { 0x03, 0x17, 3, (byte)'a', (byte)'b', (byte)'c', 0x08 })
            .Concat(new byte[] { 0x3A, 0xFF, 0xFF }).Concat(new byte[8]).Concat(new byte[] { 1, 0, 1, 0, 4, 0x00, 1, 0x03 }).ToArray();
        Assert.Equal("C2+Total&\"abc\"+'Second Sheet'!$B$5", new XlsFormulaText(names).Render(new XlsFormula(tokens, tokens.Length, false), 0, 0));
    }

    [Theory]
    [InlineData(new byte[] { 0x03 }, "an operator without operands")]
    [InlineData(new byte[] { 0x1E, 1, 0, 0x1E, 2, 0 }, "two operands left over")]
    [InlineData(new byte[] { 0x1E, 1 }, "a token cut short")]
    [InlineData(new byte[] { 0xFF }, "not a token")]
    [InlineData(new byte[] { 0x01, 0, 0, 0, 0 }, "a PtgExp inside a formula")]
    [InlineData(new byte[] { 0x22, 0, 0x01, 0x80 }, "a macro command")]
    [InlineData(new byte[] { 0x21, 0xFE, 0x01 }, "an unknown function")]
    [InlineData(new byte[] { 0x23, 9, 0, 0, 0 }, "a name that is not defined")]
    public void A_formula_that_cannot_be_rendered_exactly_has_no_text(byte[] tokens, string why)
    {
        Assert.True(Render(tokens) is null, why);
    }

    /// <summary>Random token streams (mostly real token ids, with random operands and extra data), for every
    /// BIFF version: each renders or yields null, never throws.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    public void Random_tokens_render_or_yield_null_and_never_throw(int version)
    {
        var names = Workbook();
        names.Version = version;
        var text = new XlsFormulaText(names);
        byte[] ids = [0x03, 0x05, 0x08, 0x11, 0x12, 0x14, 0x15, 0x16, 0x17, 0x19, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x41, 0x42, 0x43,
            0x44, 0x25, 0x26, 0x29, 0x2A, 0x2B, 0x4C, 0x2D, 0x59, 0x5A, 0x3B, 0x3C, 0x3D, 0x18, 0x01];
        var random = new Random(20_261_121 + version);
        var rendered = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[1 + random.Next(48)];
            random.NextBytes(bytes);
            for (var k = 0; k < bytes.Length; k += 1 + random.Next(4)) bytes[k] = ids[random.Next(ids.Length)];
            var tokens = random.Next(bytes.Length + 1);
            if (text.Render(new XlsFormula(bytes, tokens, Shared: random.Next(2) == 0), random.Next(70_000), random.Next(300)) is not null) rendered++;
        }
        Assert.True(rendered > 0, "some random streams are formulas");
    }

    [Fact]
    public void Text_beyond_Excels_limit_is_not_rendered_and_deep_nesting_costs_no_more_than_its_length()
    {
        var chain = new List<byte>(T.Int(1).Bytes);
        for (var i = 0; i < 10_000; i++) chain.AddRange((T.Int(1) + T.Op(0x03)).Bytes);
        Assert.Null(Render([.. chain]));
        // Right-nested: each operand is joined to the growing one in constant time.
        var nested = new List<byte>();
        for (var i = 0; i < 2_000; i++) nested.AddRange(T.Int(7).Bytes);
        for (var i = 1; i < 2_000; i++) nested.AddRange(T.Op(0x05).Bytes);
        Assert.Equal(string.Join("*", Enumerable.Repeat("7", 2_000)), Render([.. nested]));
    }

    [Fact]
    public void A_bare_biff5_sheet_shows_its_shared_and_array_formulas_beside_their_values()
    {
        var records = new BiffRecords();
        byte[] Formula(int row, int column, double value, byte[] tokens) =>
            [(byte)row, 0, (byte)column, 0, 0x0F, 0, .. BitConverter.GetBytes(value), 0, 0, 0, 0, 0, 0, (byte)tokens.Length, 0, .. tokens];
        byte[] Exp(int row, int column) => [0x01, (byte)row, 0, (byte)column, 0];
        records.Add(0x0809, 0x00, 0x05, 0x10, 0x00, 0, 0, 0, 0);   // BOF: BIFF5, worksheet
        records.Add(0x0000, 0, 0, 4, 0, 0, 0, 3, 0);               // DIMENSIONS: rows 0-3, columns 0-2
        records.Add(0x0203, [0, 0, 0, 0, 0x0F, 0, .. BitConverter.GetBytes(2.0)]); // NUMBER A1 = 2
        records.Add(0x0203, [1, 0, 0, 0, 0x0F, 0, .. BitConverter.GetBytes(3.0)]); // NUMBER A2 = 3
        // B1 and B2: one shared formula, =A1*10 written as "the cell to the left, times 10".
        records.Add(0x0006, Formula(0, 1, 20, Exp(0, 1)));
        records.Add(0x04BC, 0, 0, 1, 0, 1, 1, 0, 2, 8, 0, 0x4C, 0x00, 0xC0, 0xFF, 0x1E, 10, 0, 0x05);
        records.Add(0x0006, Formula(1, 1, 30, Exp(0, 1)));
        // C1:C2: one array formula, =A1:A2*2, shown in its first cell only.
        records.Add(0x0006, Formula(0, 2, 4, Exp(0, 2)));
        records.Add(0x0221, 0, 0, 1, 0, 2, 2, 0, 0, 0, 0, 0, 0, 11, 0, 0x65, 0x00, 0xC0, 0x01, 0xC0, 0, 0, 0x1E, 2, 0, 0x05);
        records.Add(0x0006, Formula(1, 2, 6, Exp(0, 2)));
        records.Add(0x000A);                                       // EOF
        var sink = new RecordingSink();
        new XlsConverter().Convert(records.Open(), new ConversionOptions { FileName = "bare.xls" }, sink);
        var sheet = Assert.Single(sink.Sheets);
        Assert.Equal(Cell.Num(1, 20) with { Formula = "A1*10" }, sheet.At(0, 1));
        Assert.Equal(Cell.Num(1, 30) with { Formula = "A2*10" }, sheet.At(1, 1));
        Assert.Equal(Cell.Num(2, 4) with { Formula = "A1:A2*2" }, sheet.At(0, 2));
        Assert.Equal(Cell.Num(2, 6), sheet.At(1, 2));
    }

    private static string? Render(byte[] tokens, int row = 0, int column = 0, bool shared = false, byte[]? extra = null) =>
        new XlsFormulaText(Workbook()).Render(new XlsFormula([.. tokens, .. extra ?? []], tokens.Length, shared), row, column);

    /// <summary>Sheets Data, My Sheet, 2019, O'Brien, A1, 数据表; this workbook, an add-in and another workbook; XTI entries
    /// 0-5 the sheets alone, 6 Data:My Sheet, 7 the other book's first sheet, 8 a deleted sheet, 9 the add-in.</summary>
    private static XlsWorkbookNames Workbook()
    {
        var names = new XlsWorkbookNames { Version = 8 };
        names.Sheets.AddRange(["Data", "My Sheet", "2019", "O'Brien", "A1", "数据表"]);
        names.DefinedNames.AddRange(["Total", "_xlfn.IFERROR"]);
        names.Books.Add(new XlsWorkbookNames.Book(XlsWorkbookNames.BookKind.Self, 0, names.Sheets));
        var addIn = new XlsWorkbookNames.Book(XlsWorkbookNames.BookKind.AddIn, 0, []);
        addIn.Names.Add("_xlfn.IFERROR");
        names.Books.Add(addIn);
        var other = new XlsWorkbookNames.Book(XlsWorkbookNames.BookKind.External, 1, ["Other Book"]);
        other.Names.Add("Rate");
        names.Books.Add(other);
        for (var i = 0; i < 6; i++) names.References.Add((0, i, i));
        names.References.AddRange([(0, 0, 1), (2, 0, 0), (0, 0xFFFF, 0xFFFF), (1, 0xFFFE, 0xFFFE)]);
        return names;
    }

    /// <summary>BIFF8 tokens, written out.</summary>
    private readonly record struct T(byte[] Bytes)
    {
        public static implicit operator byte[](T t) => t.Bytes;
        public static T operator +(T a, T b) => new([.. a.Bytes, .. b.Bytes]);

        public static T Raw(params byte[] bytes) => new(bytes);
        public static T Op(byte id) => new([id]);
        public static T Int(ushort value) => new([0x1E, (byte)value, (byte)(value >> 8)]);
        public static T Num(double value) => new([0x1F, .. BitConverter.GetBytes(value)]);
        public static T Bool(bool value) => new([0x1D, (byte)(value ? 1 : 0)]);
        public static T Err(byte code) => new([0x1C, code]);

        public static T Str(string text)
        {
            var wide = text.Any(c => c > 0xFF);
            var chars = wide ? Encoding.Unicode.GetBytes(text) : Encoding.Latin1.GetBytes(text);
            return new([0x17, (byte)text.Length, (byte)(wide ? 1 : 0), .. chars]);
        }

        public static T Ref(int row, int column, bool rowRelative = true, bool columnRelative = true) => new([0x44, .. Loc(row, column, rowRelative, columnRelative)]);

        public static T RefN(int rowOffset, int columnOffset) => new([0x4C, .. Loc(rowOffset & 0xFFFF, columnOffset & 0xFF, true, true)]);

        public static T Area(int firstRow, int lastRow, int firstColumn, int lastColumn, bool rowRelative = true) =>
            new([0x25, .. Short(firstRow), .. Short(lastRow), .. Column(firstColumn, rowRelative, true), .. Column(lastColumn, rowRelative, true)]);

        public static T AreaN(int firstRow, int lastRow, int firstColumn, int lastColumn, bool firstColumnRelative) =>
            new([0x2D, .. Short(firstRow & 0xFFFF), .. Short(lastRow & 0xFFFF), .. Column(firstColumn & 0xFF, true, firstColumnRelative),
                .. Column(lastColumn & 0xFF, true, true)]);

        public static T Ref3d(int xti, int row, int column) => new([0x5A, .. Short(xti), .. Loc(row, column, true, true)]);

        public static T Area3d(int xti, int firstRow, int lastRow, int firstColumn, int lastColumn) =>
            new([0x3B, .. Short(xti), .. Short(firstRow), .. Short(lastRow), .. Column(firstColumn, true, true), .. Column(lastColumn, true, true)]);

        public static T Func(int index, int arguments, bool variable = false) =>
            variable ? new([0x42, (byte)arguments, .. Short(index)]) : new([0x41, .. Short(index)]);

        public static T Name(int index) => new([0x43, .. Short(index), 0, 0]);
        public static T NameX(int xti, int index) => new([0x59, .. Short(xti), .. Short(index), 0, 0]);
        public static T Attr(byte kind, int data) => new([0x19, kind, .. Short(data)]);
        public static T Space(byte where, byte count) => new([0x19, 0x40, where, count]);

        public static byte[] Value(byte kind, byte[] data) => [kind, .. data];

        private static byte[] Loc(int row, int column, bool rowRelative, bool columnRelative) => [.. Short(row), .. Column(column, rowRelative, columnRelative)];

        private static byte[] Column(int column, bool rowRelative, bool columnRelative) =>
            Short(column | (rowRelative ? 0x8000 : 0) | (columnRelative ? 0x4000 : 0));

        private static byte[] Short(int value)
        {
            var bytes = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
            return bytes;
        }
    }
}
