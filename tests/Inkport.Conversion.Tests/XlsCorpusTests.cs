using Inkport.Conversion.Formats.Xls;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every xls of the shared corpus, against an explicit table of outcomes, each conversion under a
/// time limit (a hostile file must not hang a worker); and spot checks of decoded text and values.</summary>
public sealed class XlsCorpusTests
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(30);

    /// <summary>The expected outcome of every corpus file: job_status 0 with sheet and non-empty cell
    /// counts, or the job_status it fails with. A file not listed here fails the test.</summary>
    private static readonly Dictionary<string, (int Status, int Sheets, int Cells)> Expected = new()
    {
        ["easyexcel__t01.xls"] = (0, 1, 32),
        ["exceldatareader__Test_BigFormatted.xls"] = (0, 1, 167_235),
        ["exceldatareader__Test_Issue_12556_corrupt.xls"] = (JobStatusCodes.Corrupt, 0, 0),
        ["exceldatareader__Test_git_issue_145.xls"] = (0, 1, 1060),
        // Bare BIFF5/8 records, no container.
        ["exceldatareader__Test_git_issue_368_header.xls"] = (0, 1, 6),
        ["exceldatareader__Test_git_issue_477_crypto_keylength40.xls"] = (JobStatusCodes.Encrypted, 0, 0),
        ["exceldatareader__as3xls_BIFF2.xls"] = (0, 1, 50),
        ["hutool__aaa.xls"] = (0, 3, 45),
        ["phpspreadsheet__maccentraleurope.biff5.xls"] = (0, 1, 37),
        // A byte-swapped byte-order field in the compound-file header, which Excel ignores.
        ["phpspreadsheet__pr.4687.excel.badendian.xls"] = (0, 2, 16),
        ["poi__12843-1.xls"] = (0, 23, 4541),
        ["poi__25695.xls"] = (0, 3, 8),
        ["poi__54686_fraction_formats.xls"] = (0, 3, 4615),
        ["poi__ConditionalFormattingSamples.xls"] = (0, 16, 1678),
        ["poi__SimpleWithImages.xls"] = (0, 3, 0),
        ["poi__WithCheckBoxes.xls"] = (0, 3, 1),
        // 73 of its cells hold error values (the cells SheetJS reports as errors).
        ["poi__angelo.edu_content_files_19555-nsse-2011-multiyear-benchmark.xls"] = (0, 7, 1106),
        ["poi__chinese-provinces.xls"] = (0, 1, 8),
        ["poi__clusterfuzz-testcase-minimized-POIHSSFFuzzer-4819588401201152.xls"] = (JobStatusCodes.Corrupt, 0, 0),
        // Ten of its cells hold empty strings.
        ["poi__ex42570-20305.xls"] = (0, 1, 302),
        ["poi__florida_data.ashx.xls"] = (0, 5, 14_195),
        ["poi__password.xls"] = (JobStatusCodes.Encrypted, 0, 0),
        ["poi__testEXCEL_3.xls"] = (0, 1, 183),
        ["sheetjs__1904_1904.xls"] = (0, 1, 20),
        ["sheetjs__A4X_gnumeric.xls"] = (0, 3, 1),
        ["sheetjs__CRLFX5_2.XLS"] = (0, 1, 4),
        // 8 of its formulas cache an error value (the cells SheetJS reports as errors).
        ["sheetjs__formula_stress_test.xls"] = (0, 10, 1870),
        ["sheetjs__number_format_greek.xls"] = (0, 5, 1135),
        ["sheetjs__password_2002_40_xor.xls"] = (JobStatusCodes.Encrypted, 0, 0),
        ["sheetjs__phonetic_text.xls"] = (0, 1, 2),
        // PHPExcel wrote a damaged directory; the workbook stream is still readable, as in SheetJS.
        ["sheetjs__phpexcel_bad_cfb_dir.xls"] = (0, 1, 70),
        ["sheetjs__rich_text_stress.xls"] = (0, 1, 28),
        ["tika__testEXCEL_labels-govdocs-515858.xls"] = (0, 1, 222),
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (FixtureFiles.SharedCorpus("xls") is { } folder)
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(path));
        else data.Add("(corpus absent)");
        return data;
    }

    [CorpusTheory("xls")]
    [MemberData(nameof(Files))]
    public void Every_corpus_xls_has_its_expected_outcome_in_bounded_time(string name)
    {
        Assert.True(Expected.TryGetValue(name, out var expected), $"{name} is not in the expected-outcome table");
        var (status, sink, _) = ConvertWithin(name, PerFileLimit);
        Assert.Equal(expected.Status, status);
        if (status != 0) return;
        Assert.Equal(expected.Sheets, sink.Sheets.Count);
        Assert.Equal(expected.Cells, sink.Sheets.Sum(s => s.Rows.Sum(r => r.Cells.Length)));
        Assert.All(sink.Sheets, s => Assert.NotNull(s.Layout));
    }

    [CorpusTheory("xls")]
    [InlineData("poi__chinese-provinces.xls", "provinces", "B2", "安徽省")]
    [InlineData("poi__12843-1.xls", "910617", "A1", "中華電信網路容量及使用現況雙週報表")]
    [InlineData("easyexcel__t01.xls", "产品数据", "A2", "材质*")]
    [InlineData("sheetjs__phonetic_text.xls", "Sheet1", "A1", "漢字")]
    [InlineData("poi__25695.xls", "Sheet1", "A1", "สห")]
    [InlineData("phpspreadsheet__maccentraleurope.biff5.xls", "Ärkusz1", "I1", "Ładowność")]
    [InlineData("sheetjs__phpexcel_bad_cfb_dir.xls", "Sayfa1", "B1", "Dükkan No")]
    [InlineData("exceldatareader__Test_BigFormatted.xls", "TjpAvgift", "C1", "Försäkringstyp")]
    [InlineData("sheetjs__number_format_greek.xls", "Implied", "D13", "18-Οκτ-33")]
    [InlineData("poi__ConditionalFormattingSamples.xls", "Customers1", "B3", "Avda. de la Constitución 2222")]
    [InlineData("exceldatareader__as3xls_BIFF2.xls", "exceldatareader__as3xls_BIFF2", "B1", "Hi")]
    [InlineData("poi__testEXCEL_3.xls", "poi__testEXCEL_3", "C2", "California")]
    // A formula's cached text result.
    [InlineData("sheetjs__formula_stress_test.xls", "Text", "B2", "Foobarbazqux")]
    public void Text_is_decoded(string name, string sheet, string at, string text)
    {
        var cell = CellAt(name, sheet, at);
        Assert.Equal(CellType.String, cell.Type);
        Assert.Equal(text, cell.Text);
    }

    [CorpusFact("xls")]
    public void Dates_of_a_1904_workbook_become_1900_system_serials_with_their_format()
    {
        // 1904-01-02 is day 1 of the 1904 system and day 1463 of the 1900 system.
        var date = CellAt("sheetjs__1904_1904.xls", "Sheet1", "B1");
        Assert.Equal(1463, date.Number);
        Assert.Equal(@"yyyy\-mm\-dd;@", date.NumberFormat);
        Assert.Equal(12_573, CellAt("sheetjs__1904_1904.xls", "Sheet1", "B5").Number);
        Assert.Equal(1, CellAt("sheetjs__1904_1904.xls", "Sheet1", "A1").Number);
    }

    [CorpusFact("xls")]
    public void Numbers_keep_their_format_codes()
    {
        var cell = CellAt("poi__testEXCEL_3.xls", "poi__testEXCEL_3", "C6");
        Assert.Equal(376.2, cell.Number);
        Assert.Equal("#,##0___________)", cell.NumberFormat);
        var date = CellAt("exceldatareader__as3xls_BIFF2.xls", "exceldatareader__as3xls_BIFF2", "C2");
        Assert.Equal(39135, date.Number);
        Assert.Equal(@"d\-mmm", date.NumberFormat);
    }

    [CorpusFact("xls")]
    public void Merges_of_a_real_workbook_reach_the_layout()
    {
        var (_, sink, _) = ConvertWithin("poi__12843-1.xls", PerFileLimit);
        var first = sink.Sheets[0].Layout!;
        Assert.Equal(38, first.Merges.Count);
        Assert.All(first.Merges, m => Assert.True(m.EndRow < first.RowCount && m.EndColumn < first.ColumnCount));
        Assert.NotEmpty(first.ColumnWidths);
    }

    [CorpusFact("xlsx")]
    public void An_encrypted_xlsx_named_xls_is_reported_encrypted()
    {
        var path = Path.Combine(FixtureFiles.SharedCorpus("xlsx")!, "poi__protect.xlsx");
        using var stream = File.OpenRead(path);
        var e = Assert.Throws<ConversionException>(() => new XlsConverter().Convert(stream, new ConversionOptions(), new RecordingSink()));
        Assert.Equal(JobStatusCodes.Encrypted, e.JobStatus);
    }

    private static Cell CellAt(string name, string sheet, string at)
    {
        var (status, sink, error) = ConvertWithin(name, PerFileLimit);
        Assert.True(status == 0, error);
        var column = 0;
        var i = 0;
        for (; char.IsLetter(at[i]); i++) column = column * 26 + at[i] - 'A' + 1;
        var cell = sink.Sheets.Single(s => s.Name == sheet).At(int.Parse(at[i..]) - 1, column - 1);
        Assert.True(cell is not null, $"{sheet}!{at} is empty");
        return cell.Value;
    }

    /// <summary>Converts a corpus file on another thread and fails if it takes longer than <paramref name="limit"/>.</summary>
    internal static (int Status, RecordingSink Sink, string? Error) ConvertWithin(string name, TimeSpan limit)
    {
        var path = Path.Combine(FixtureFiles.SharedCorpus("xls")!, name);
        var sink = new RecordingSink();
        var run = Task.Run(() =>
        {
            using var stream = File.OpenRead(path);
            new XlsConverter().Convert(stream, new ConversionOptions { FileName = name }, sink);
        });
        try
        {
            Assert.True(run.Wait(limit), $"{name} took longer than {limit}");
            return (0, sink, null);
        }
        catch (AggregateException e) when (e.InnerException is ConversionException failure)
        {
            return (failure.JobStatus, sink, failure.Message);
        }
    }
}
