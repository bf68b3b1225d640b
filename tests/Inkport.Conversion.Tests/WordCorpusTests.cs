using Inkport.Conversion.Formats.Docx;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Every real Word file of the shared corpus (docx and docm) either converts or fails with
/// its documented job_status, each within a time bound; spot checks compare a few files with
/// what Word shows for them.</summary>
public sealed class WordCorpusTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>The trap files and their documented outcome; every other file must convert.</summary>
    private static readonly Dictionary<string, int> ExpectedFailures = new(StringComparer.Ordinal)
    {
        ["poi__bug53475-password-is-pass.docx"] = JobStatusCodes.Encrypted,
        ["poi__protected_agile.docx"] = JobStatusCodes.Encrypted,
        ["poi__truncated62886.docx"] = JobStatusCodes.Corrupt,
        ["poi__clusterfuzz-testcase-minimized-POIXWPFFuzzer-4791943399604224.docx"] = JobStatusCodes.Corrupt,
        ["phpword__corrupted_main_document_part.docx"] = JobStatusCodes.Corrupt,
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "docx", "docm" })
        {
            if (FixtureFiles.SharedCorpus(folder) is not { } path) continue;
            foreach (var file in Directory.GetFiles(path).Order(StringComparer.Ordinal)) data.Add($"{folder}/{Path.GetFileName(file)}");
        }
        return data;
    }

    [CorpusTheory("docx"), MemberData(nameof(Files))]
    public void Corpus_file_converts_or_fails_as_documented(string file)
    {
        var name = Path.GetFileName(file);
        var (result, error) = ConvertBounded(file);
        if (ExpectedFailures.TryGetValue(name, out var status))
        {
            Assert.True(error is not null, $"{name} converted, expected job_status {status}");
            Assert.Equal(status, error.JobStatus);
            return;
        }
        Assert.True(error is null, $"{name}: {error?.Message}");
        Assert.NotEmpty(result!.Document.Blocks);
        foreach (var block in Flatten(result.Document.Blocks))
        {
            if (block.Image is { } image) Assert.InRange(image.MediaIndex, 0, result.Document.Media.Count - 1);
            if (block.Table is { } table) Assert.Equal(table.RowSize * table.ColumnSize, block.Children!.Count);
        }
    }

    [CorpusFact("docx")]
    public void Headings_of_heading123_are_levels_one_to_three()
    {
        var blocks = Flatten(Convert("docx/poi__heading123.docx").Document.Blocks).ToList();
        Assert.Equal([BlockType.Heading1, BlockType.Heading2, BlockType.Heading3], blocks.Where(b => b.Type is >= BlockType.Heading1 and <= BlockType.Heading9).Select(b => b.Type));
    }

    [CorpusFact("docx")]
    public void Pandoc_lists_nest_by_level()
    {
        var blocks = Convert("docx/pandoc__lists.docx").Document.Blocks;
        var two = blocks.Single(b => b.Type == BlockType.Ordered && Text(b) == "two");
        Assert.Equal(["a", "b"], two.Children!.Select(Text));
        var bullet = blocks.First(b => b.Type == BlockType.Bullet && Text(b) == "two");
        Assert.Equal("four", Text(Assert.Single(Assert.Single(bullet.Children!).Children!)));
    }

    [CorpusFact("docx")]
    public void Mammoth_table_is_two_by_two()
    {
        var table = Convert("docx/mammoth__tables.docx").Document.Blocks.Single(b => b.Type == BlockType.Table);
        Assert.Equal((2, 2), (table.Table!.RowSize, table.Table.ColumnSize));
        Assert.Equal(["Top left", "Top right", "Bottom left", "Bottom right"], table.Children!.Select(c => Text(c.Children![0])));
    }

    [CorpusFact("docx")]
    public void A_moved_paragraph_appears_once()
    {
        var texts = Flatten(Convert("docx/pandoc__track_changes_move.docx").Document.Blocks).Select(Text).ToList();
        Assert.Single(texts, t => t == "Here is the text to be moved.");
    }

    [CorpusFact("docx")]
    public void The_external_entity_is_not_resolved()
    {
        var text = Text(Convert("docx/poi__ExternalEntityInText.docx").Document.Blocks[0]);
        Assert.Equal("Here should not be the POI web site: \"\"", text);
    }

    [CorpusFact("docx")]
    public void Strict_document_keeps_its_headings_lists_and_tables()
    {
        var types = Flatten(Convert("docx/openxmlsdk__Strict01.docx").Document.Blocks).Select(b => b.Type).ToList();
        Assert.Contains(BlockType.Heading1, types);
        Assert.Contains(BlockType.Ordered, types);
        Assert.Contains(BlockType.Table, types);
    }

    [CorpusFact("docx")]
    public void Footnotes_are_numbered_and_appended()
    {
        var blocks = Convert("docx/mammoth__footnotes.docx").Document.Blocks;
        var divider = blocks.ToList().FindIndex(b => b.Type == BlockType.Divider);
        Assert.True(divider > 0);
        Assert.Contains("[1]", Text(blocks[0]));
        Assert.StartsWith("[1] ", Text(blocks[divider + 1]));
    }

    [CorpusFact("docm")]
    public void A_macro_enabled_document_converts()
    {
        var blocks = Flatten(Convert("docm/openxmlsdk__Comment061.docm").Document.Blocks).ToList();
        Assert.Contains(blocks, b => b.Type == BlockType.Image);
    }

    private static DocxConversion Convert(string file)
    {
        var (result, error) = ConvertBounded(file);
        if (error is not null) throw error;
        return result!;
    }

    /// <summary>Converts on a worker thread and fails the test if it is not done within <see cref="Bound"/>.</summary>
    private static (DocxConversion? Result, ConversionException? Error) ConvertBounded(string file)
    {
        var folder = file[..file.IndexOf('/')];
        var path = Path.Combine(FixtureFiles.SharedCorpus(folder)!, file[(folder.Length + 1)..]);
        using var cancel = new CancellationTokenSource(Bound);
        var work = Task.Run<(DocxConversion?, ConversionException?)>(() =>
        {
            using var stream = File.OpenRead(path);
            try
            {
                return (new WordConverter().Convert(stream, new ConversionOptions { FileName = Path.GetFileName(path), Cancellation = cancel.Token }), null);
            }
            catch (ConversionException e)
            {
                return (null, e);
            }
        });
        Assert.True(work.Wait(Bound + TimeSpan.FromSeconds(5)), $"{file} did not finish within {Bound}");
        return work.Result;
    }

    private static IEnumerable<Block> Flatten(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            yield return block;
            if (block.Children is { } children) foreach (var child in Flatten(children)) yield return child;
        }
    }

    private static string Text(Block block) => block.Elements is { } elements ? string.Concat(elements.Select(e => e.Content)) : "";
}
