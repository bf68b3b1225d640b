using Inkport.Conversion.Formats.Doc;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every file of <c>shared/corpus/doc</c> ends with its expected outcome, and real text comes
/// through where it should.</summary>
public sealed class WordBinaryCorpusTests
{
    private const int Converts = 0;

    /// <summary>Expected outcome per corpus file: 0 converts, else the job_status it fails with.</summary>
    private static readonly Dictionary<string, int> Outcomes = new(StringComparer.Ordinal)
    {
        ["phpword__docChinese.doc"] = Converts,
        ["poi__Bug45473.doc"] = Converts,
        ["poi__Bug51944.doc"] = JobStatusCodes.OfficeFormatNotSupported, // Word 95 (nFib 104), identifier 0xA699
        ["poi__HeaderFooterUnicode.doc"] = Converts,
        ["poi__Lists.doc"] = Converts,
        ["poi__PasswordProtected.doc"] = JobStatusCodes.Encrypted,
        ["poi__TestShiftJIS.doc"] = Converts,
        ["poi__Word95.doc"] = JobStatusCodes.OfficeFormatNotSupported,
        ["poi__au.edu.utas.www___data_assets_word_doc_0003_154335_International-Travel-Approval-Request-Form.doc"] = Converts,
        ["poi__bug65255.doc"] = Converts,
        ["poi__cap.stanford.edu_profiles_viewbiosketch_facultyid=4009&name=m_maciver.doc"] = Converts,
        ["poi__clusterfuzz-testcase-minimized-POIHWPFFuzzer-5074346559012864.doc"] = JobStatusCodes.Corrupt,
        ["poi__equation.doc"] = Converts,
        ["poi__footnote.doc"] = Converts,
        ["poi__innertable.doc"] = Converts,
        ["poi__lists-margins.doc"] = Converts,
        ["poi__picture.doc"] = Converts,
        ["poi__rasp.doc"] = Converts,
        ["poi__simple-table2.doc"] = Converts,
        ["poi__test-fields.doc"] = Converts,
        ["poi__watermark.doc"] = Converts,
        ["poi__word2.doc"] = JobStatusCodes.OfficeFormatNotSupported, // WinWord 2.0, no OLE container
        ["tika__testWORDML_tableInsideParagraph.doc"] = Converts, // Word 2003 XML
        ["tika__testWORD_embedded_pdf.doc"] = Converts,
        ["tika__testWORD_protected_passtika.doc"] = JobStatusCodes.Encrypted,
    };

    [CorpusFact("doc")]
    public void Every_corpus_file_has_its_expected_outcome()
    {
        var files = Directory.GetFiles(FixtureFiles.SharedCorpus("doc")!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Outcomes.Keys.Order(StringComparer.Ordinal), files);
        var failures = new List<string>();
        foreach (var name in files)
        {
            var expected = Outcomes[name!];
            try
            {
                var result = Convert(name!);
                if (expected != Converts) failures.Add($"{name}: converted, expected job_status {expected}");
                else if (result.Document.Blocks.Count == 0) failures.Add($"{name}: no blocks");
            }
            catch (ConversionException e)
            {
                if (e.JobStatus != expected) failures.Add($"{name}: job_status {e.JobStatus} ({e.Message}), expected {(expected == Converts ? "success" : expected)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [CorpusFact("doc")]
    public void Chinese_document_keeps_its_text_headings_and_pictures()
    {
        var result = Convert("phpword__docChinese.doc");
        var text = AllText(result.Document.Blocks);
        Assert.Contains("OKKI AI 客户案例", text);
        Assert.Contains("沟通质检，让我对业务转化一目了然", text);
        Assert.Equal(6, result.Document.Media.Count);
        Assert.All(result.Document.Media, m => Assert.Contains(m.ContentType, new[] { "image/png", "image/jpeg" }));
        Assert.Contains(Flatten(result.Document.Blocks), b => b.Type == BlockType.Image);
    }

    [CorpusFact("doc")]
    public void Vertically_merged_cells_and_mailto_links_come_through()
    {
        var blocks = Convert("phpword__docChinese.doc").Document.Blocks;
        var table = blocks.Single(b => b.Type == BlockType.Table && b.Table!.ColumnSize == 3);
        Assert.Equal(5, table.Table!.RowSize);
        Assert.Equal(new MergeInfo(2, 1), table.Table.MergeInfo[0]);
        Assert.Equal(new MergeInfo(3, 1), table.Table.MergeInfo[6]);
        Assert.Equal("销售中心", Text(table.Children![0].Children![0]));
        var mail = table.Children![2].Children![0].Elements![0];
        Assert.Equal("sales@xiaoman.cn", mail.Content);
        Assert.Equal("mailto:sales@xiaoman.cn", mail.Style?.Link);
    }

    [CorpusFact("doc")]
    public void Headings_and_bullets_come_from_styles_and_list_tables()
    {
        var blocks = Convert("poi__TestShiftJIS.doc").Document.Blocks;
        Assert.Equal(BlockType.Heading1, blocks[0].Type);
        Assert.Contains("File Agent Server Administration Tool", Text(blocks[0]));
        Assert.Equal(BlockType.Heading2, blocks[1].Type);
        Assert.Equal(BlockType.Bullet, blocks[2].Type);
    }

    [CorpusFact("doc")]
    public void Cyrillic_and_hebrew_text_decode()
    {
        Assert.Contains("Распоряжение на выдачу информации из реестра", AllText(Convert("poi__rasp.doc").Document.Blocks));
        Assert.Contains("יותר מחצי שנה אחרי", AllText(Convert("poi__Bug45473.doc").Document.Blocks));
        var unicode = AllText(Convert("poi__HeaderFooterUnicode.doc").Document.Blocks);
        Assert.Contains("EUR - €", unicode);
        Assert.Contains("GBP - £", unicode);
    }

    [CorpusFact("doc")]
    public void Fields_keep_their_results_and_drop_their_instructions()
    {
        var blocks = Convert("poi__test-fields.doc").Document.Blocks;
        Assert.Equal("19/11/2010 14:49:00", Text(blocks[0]));
        Assert.DoesNotContain(Flatten(blocks), b => Text(b).Contains("DATE", StringComparison.Ordinal) || Text(b).Contains("MERGEFORMAT", StringComparison.Ordinal));
    }

    [CorpusFact("doc")]
    public void Metafile_pictures_are_reported_as_failed_images()
    {
        var result = Convert("poi__picture.doc");
        Assert.Contains(ExtraCodes.DocxImagesFailed, result.Warnings);
        Assert.Empty(result.Document.Media);
        Assert.StartsWith("qwertyuiop", Text(result.Document.Blocks[0]));
    }

    [CorpusFact("doc")]
    public void Bold_text_and_centred_title_of_a_form()
    {
        var blocks = Convert("poi__au.edu.utas.www___data_assets_word_doc_0003_154335_International-Travel-Approval-Request-Form.doc").Document.Blocks;
        Assert.Equal(2, blocks[0].Style?.Align);
        Assert.True(blocks[0].Elements![0].Style?.Bold);
        Assert.StartsWith("International Travel Approval Request Form", blocks[0].Elements![0].Content);
        var table = blocks.First(b => b.Type == BlockType.Table);
        Assert.Equal(5, table.Table!.RowSize);
        Assert.Equal(2, table.Table!.ColumnSize);
        Assert.Equal("Name&Position:", Text(table.Children![0].Children![0]));
    }

    internal static DocxConversion Convert(string name)
    {
        using var stream = File.OpenRead(Path.Combine(FixtureFiles.SharedCorpus("doc")!, name));
        return new DocConverter().Convert(stream, new ConversionOptions { FileName = name });
    }

    private static string Text(Block block) => string.Concat((block.Elements ?? []).Select(e => e.Content));

    private static IEnumerable<Block> Flatten(IEnumerable<Block> blocks) =>
        blocks.SelectMany(b => new[] { b }.Concat(Flatten(b.Children ?? [])));

    private static string AllText(IEnumerable<Block> blocks) => string.Join("\n", Flatten(blocks).Select(Text));
}
