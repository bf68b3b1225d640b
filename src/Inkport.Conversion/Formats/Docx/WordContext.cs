using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>What the readers of one conversion share: the package, its styles and numbering,
/// the images kept so far (deduplicated, within a byte budget), list counters, note numbers,
/// the document kept so far (reading stops once the block limit is spent), and the count of
/// blocks built (so a huge table or cell never builds a huge tree before the limit is known spent).</summary>
internal sealed class WordContext(WordPackage package, WordStyles styles, WordNumbering numbering, ConversionOptions options, Warnings warnings, WordConverter converter, int chunkNesting)
{
    /// <summary>Feishu's media upload limit: a bigger image could not be uploaded.</summary>
    public const long MaxImageBytes = 20L * 1024 * 1024;
    /// <summary>Image bytes one conversion keeps in memory at most; images beyond fail with 1005.</summary>
    public const long MaxTotalImageBytes = 256L * 1024 * 1024;

    /// <summary>Codes of the limits, kept apart from the walk's own codes and appended after them
    /// (<see cref="LimitCodes"/>), as when the limits were applied to the finished tree.</summary>
    private readonly Warnings _limitWarnings = new();
    private readonly Dictionary<string, int> _mediaByPart = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, int[]> _listCounters = [];
    private readonly Dictionary<(bool Endnote, string Id), int> _noteNumbers = [];
    private long _imageBytes;

    public WordPackage Package => package;
    public WordStyles Styles => styles;
    public WordNumbering Numbering => numbering;
    public ConversionOptions Options => options;
    public Warnings Warnings => warnings;
    public WordConverter Converter => converter;
    public int ChunkNesting => chunkNesting;
    public List<MediaItem> Media { get; } = [];

    /// <summary>The document as it is kept: the body's top-level blocks, then the notes, are added as they
    /// are finished, cut to the limits (<see cref="DocxLimits.Budget"/>).</summary>
    public DocxLimits.Budget Output => field ??= new DocxLimits.Budget(options, _limitWarnings, Media);

    /// <summary>The block limit is spent and a block came after it: nothing more can be kept, so the walk ends here.</summary>
    public bool Stopped => Output.Full;

    public IReadOnlyList<string> LimitCodes => _limitWarnings.Codes;

    /// <summary>Notes in the order of their first reference: their numbers are 1, 2, ...</summary>
    public List<(bool Endnote, string Id)> Notes { get; } = [];
    public bool NotesClosed { get; set; }

    /// <summary>Text one conversion keeps at most (UTF-16 units), whatever the block count: with
    /// the block limit alone, 80,000 paragraphs of 100,000 characters would still fit.</summary>
    public const long MaxKeptChars = 64L * 1024 * 1024;

    private long _charsKept;

    public int BlocksBuilt { get; private set; }

    /// <summary>Past this many blocks built (or <see cref="MaxKeptChars"/>) the rest of the body is skipped:
    /// the output keeps at most MaxBlocks anyway, and the margin covers tables it will shrink.</summary>
    public bool Full => BlocksBuilt > options.Limits.MaxBlocks * 4L + 1 || _charsKept > MaxKeptChars;

    public void Built(int blocks = 1) => BlocksBuilt += blocks;

    /// <summary>Counts kept text; once over the budget the rest is dropped with extra 1000.</summary>
    public void Kept(int chars)
    {
        _charsKept += chars;
        if (_charsKept > MaxKeptChars) warnings.Add(ExtraCodes.DocxTooManyBlocks);
    }

    /// <summary>The number a note reference shows ("[n]"), assigned on first reference.</summary>
    public int? NoteNumber(bool endnote, string id)
    {
        if (_noteNumbers.TryGetValue((endnote, id), out var number)) return number;
        if (NotesClosed) return null;
        Notes.Add((endnote, id));
        number = Notes.Count;
        _noteNumbers[(endnote, id)] = number;
        return number;
    }

    public int? NoteNumberIfKnown(bool endnote, string id) => _noteNumbers.TryGetValue((endnote, id), out var n) ? n : null;

    /// <summary>The Word number of the next item of list <paramref name="numId"/> at <paramref name="level"/>:
    /// the level's start for its first item, then one more each time; a shallower item restarts
    /// the deeper levels (Word's default lvlRestart).</summary>
    public int NextListNumber(int numId, int level, int start)
    {
        if (!_listCounters.TryGetValue(numId, out var counters))
        {
            counters = new int[WordNumbering.MaxLevel + 1];
            _listCounters[numId] = counters;
        }
        counters[level] = counters[level] == 0 ? start : counters[level] + 1;
        for (var deeper = level + 1; deeper < counters.Length; deeper++) counters[deeper] = 0;
        return counters[level];
    }

    /// <summary>The media index of an image part, reading it once; null (and extra 1005) when it
    /// is missing, too big, over the budget, or not a format a browser shows (EMF, WMF, TIFF).</summary>
    public int? Image(string part)
    {
        if (_mediaByPart.TryGetValue(part, out var index)) return index;
        var media = ReadImage(part);
        if (media is null)
        {
            warnings.Add(ExtraCodes.DocxImagesFailed);
            return null;
        }
        return AddMedia(media, part);
    }

    /// <summary>Adds media produced elsewhere (an altChunk's conversion); null when over the budget.</summary>
    public int? AddMedia(MediaItem media, string? part = null)
    {
        if (_imageBytes + media.Bytes.Length > MaxTotalImageBytes)
        {
            warnings.Add(ExtraCodes.DocxImagesFailed);
            return null;
        }
        _imageBytes += media.Bytes.Length;
        Media.Add(media);
        if (part is not null) _mediaByPart[part] = Media.Count - 1;
        return Media.Count - 1;
    }

    private MediaItem? ReadImage(string part)
    {
        if (!package.Exists(part)) return null;
        var declared = package.DeclaredLength(part);
        if (declared > MaxImageBytes || _imageBytes + Math.Max(declared, 0) > MaxTotalImageBytes) return null;
        byte[] bytes;
        try
        {
            bytes = package.ReadPart(part, MaxImageBytes)!;
        }
        catch (ConversionException)
        {
            // A damaged or oversized image is one image that failed, not a failed document.
            return null;
        }
        var name = part[(part.LastIndexOf('/') + 1)..];
        if (EmbeddedImages.Sniff(bytes) is { } sniffed) return new MediaItem(name, sniffed.ContentType, bytes);
        var type = package.ContentType(part)?.ToLowerInvariant();
        return type is "image/bmp" or "image/webp" or "image/svg+xml" ? new MediaItem(name, type, bytes) : null;
    }
}
