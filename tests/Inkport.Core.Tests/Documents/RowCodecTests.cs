using System.Text;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;

namespace Inkport.Core.Tests.Documents;

public class RowCodecTests
{
    private static readonly Cell[] EveryKind =
    [
        Cell.String(0, "plain"),
        Cell.String(1, "料力国第有作格形式特 — emoji 😀 and \"quotes\" \\ \n newline"),
        Cell.String(2, ""),
        Cell.Num(3, 0),
        Cell.Num(4, -0.0),
        Cell.Num(5, 348045),
        Cell.Num(6, -17),
        Cell.Num(7, 38456.89, "yyyy-mm-dd hh:mm:ss"),
        Cell.Num(8, 9007199254740992d),
        Cell.Num(9, -9007199254740994d),
        Cell.Num(10, double.MaxValue),
        Cell.Num(11, double.Epsilon),
        Cell.Num(12, double.NaN),
        Cell.Num(13, double.PositiveInfinity),
        Cell.Num(14, double.NegativeInfinity),
        Cell.Num(15, 0.1 + 0.2, "0.00"),
        Cell.Bool(16, true),
        Cell.Bool(17, false),
        Cell.Error(18, "#DIV/0!"),
        Cell.Num(19, 3) with { Formula = "A1+B1" },
        Cell.String(20, "see") with { Link = "https://example.com/a?b=c" },
        Cell.Num(21, 44000, "yyyy-mm-dd") with { Formula = "TODAY()", Link = "https://example.com" },
        Cell.String(22, "string with a number") with { Number = 12.5 },
        Cell.Num(1_000_000, 1),
        Cell.String(int.MaxValue, "last column"),
    ];

    [Fact]
    public void Every_cell_kind_reads_back_bit_for_bit()
    {
        var rows = new[] { new StoredRow(0, EveryKind), new StoredRow(1, [EveryKind[7]]), new StoredRow(int.MaxValue, EveryKind) };

        var read = RowCodec.ReadRows(RowCodec.WriteRows(rows));

        AssertRowsEqual(rows, read);
    }

    [Theory]
    [InlineData("中", 41)]
    [InlineData("中", 42)]
    [InlineData("中", 43)]
    [InlineData("😀", 21)]
    [InlineData("😀", 22)]
    [InlineData("a", 200)]
    public void Text_around_a_one_byte_length_reads_back(string unit, int count)
    {
        // Short text is encoded in place behind a one-byte length; 42 chars of three bytes are 126 bytes.
        var text = string.Concat(Enumerable.Repeat(unit, count));
        var rows = new[] { new StoredRow(0, [Cell.String(0, text), Cell.String(1, "after")]) };

        AssertRowsEqual(rows, RowCodec.ReadRows(RowCodec.WriteRows(rows)));
    }

    [Fact]
    public void Records_keep_their_ids_and_cells()
    {
        var records = new[] { new StoredRecord("recAbc1234", EveryKind), new StoredRecord("rec料", []), new StoredRecord("", [Cell.Num(0, 1)]) };

        var read = RowCodec.ReadRecords(RowCodec.WriteRecords(records));

        Assert.Equal(records.Length, read.Length);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i].RecordId, read[i].RecordId);
            AssertCellsEqual(records[i].Cells, read[i].Cells);
        }
    }

    [Fact]
    public void An_empty_chunk_reads_back_empty()
    {
        Assert.Empty(RowCodec.ReadRows(RowCodec.WriteRows([])));
        Assert.Empty(RowCodec.ReadRecords(RowCodec.WriteRecords([])));
    }

    [Fact]
    public void A_writer_starts_a_fresh_chunk_after_each_part()
    {
        using var writer = RowCodec.ChunkWriter.ForRows();
        writer.AddRow(5, [Cell.Num(0, 1, "0.00")]);
        var first = writer.ToArray();
        writer.AddRow(2, [Cell.Num(1, 2, "0%")]);
        var second = writer.ToArray();

        AssertRowsEqual([new StoredRow(5, [Cell.Num(0, 1, "0.00")])], RowCodec.ReadRows(first));
        AssertRowsEqual([new StoredRow(2, [Cell.Num(1, 2, "0%")])], RowCodec.ReadRows(second));
    }

    [Fact]
    public void Repeated_formats_are_stored_once_and_cells_are_compact()
    {
        var rows = Enumerable.Range(0, 256).Select(r => new StoredRow(r,
            [Cell.Num(0, r), Cell.Num(1, 38456.89 + r, "yyyy-mm-dd hh:mm:ss"), Cell.String(2, "料力国第有作")])).ToArray();

        var data = RowCodec.WriteRows(rows);

        Assert.Single(FindAll(data, Encoding.UTF8.GetBytes("yyyy-mm-dd hh:mm:ss")));
        // Per row: key 1, count 1; cells: int 1+1+2, date 1+1+8+1, text 1+1+1+18.
        Assert.True(data.Length < 256 * 40, $"{data.Length} bytes");
        AssertRowsEqual(rows, RowCodec.ReadRows(data));
    }

    [Fact]
    public void Chunks_stored_as_json_before_the_codec_still_read()
    {
        var rows = new[] { new StoredRow(3, [Cell.Num(0, 2.5, "0.0"), Cell.String(4, "x") with { Link = "https://a" }]) };
        var legacy = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rows, new System.Text.Json.JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        });

        AssertRowsEqual(rows, RowCodec.ReadRows(legacy));
    }

    [Fact]
    public void Rows_and_columns_out_of_order_are_refused_when_writing()
    {
        using var writer = RowCodec.ChunkWriter.ForRows();
        writer.AddRow(3, [Cell.Num(0, 1)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddRow(3, [Cell.Num(0, 1)]));
        Assert.Throws<ArgumentException>(() => writer.AddRow(4, [Cell.Num(2, 1), Cell.Num(2, 1)]));
    }

    [Fact]
    public void Damaged_data_fails_as_invalid_data_never_otherwise()
    {
        var data = RowCodec.WriteRows([new StoredRow(0, EveryKind), new StoredRow(9, EveryKind)]);
        var random = new Random(20261121);

        Assert.Throws<InvalidDataException>(() => RowCodec.ReadRows([]));
        Assert.Throws<InvalidDataException>(() => RowCodec.ReadRows([2, 1, 0, 0]));
        Assert.Throws<InvalidDataException>(() => RowCodec.ReadRecords(data));
        Assert.Throws<InvalidDataException>(() => RowCodec.ReadRows([.. data, 0]));
        for (var cut = 0; cut < data.Length; cut++)
            Assert.Throws<InvalidDataException>(() => RowCodec.ReadRows(data[..cut]));
        for (var i = 0; i < 2000; i++)
        {
            var damaged = (byte[])data.Clone();
            damaged[2 + random.Next(damaged.Length - 2)] = (byte)random.Next(256);
            try { RowCodec.ReadRows(damaged); }
            catch (InvalidDataException) { }
        }
    }

    [Fact]
    public void Random_chunks_read_back_identically()
    {
        var random = new Random(5_861_121);
        for (var run = 0; run < 300; run++)
        {
            var rows = RandomRows(random);
            AssertRowsEqual(rows, RowCodec.ReadRows(RowCodec.WriteRows(rows)));

            var records = rows.Select(r => new StoredRecord(RandomText(random, 10), r.Cells)).ToArray();
            var read = RowCodec.ReadRecords(RowCodec.WriteRecords(records));
            Assert.Equal(records.Select(r => r.RecordId), read.Select(r => r.RecordId));
            for (var i = 0; i < records.Length; i++) AssertCellsEqual(records[i].Cells, read[i].Cells);
        }
    }

    private static StoredRow[] RandomRows(Random random)
    {
        var rows = new List<StoredRow>();
        var row = random.Next(3) == 0 ? random.Next(1_000_000) : -1;
        string[] formats = ["0.00", "yyyy-mm-dd", "0%", "[$-409]mmmm d, yyyy;@", "#,##0"];
        for (var count = random.Next(20); count > 0; count--)
        {
            row += 1 + (random.Next(4) == 0 ? random.Next(100_000) : 0);
            var cells = new List<Cell>();
            var column = -1;
            for (var n = random.Next(12); n > 0; n--)
            {
                column += 1 + (random.Next(5) == 0 ? random.Next(20_000) : 0);
                var cell = random.Next(6) switch
                {
                    0 => Cell.String(column, RandomText(random, 40)),
                    1 => Cell.Num(column, random.Next(-1_000_000, 1_000_000)),
                    2 => Cell.Num(column, BitConverter.Int64BitsToDouble(random.NextInt64()), random.Next(2) == 0 ? null : formats[random.Next(formats.Length)]),
                    3 => Cell.Num(column, random.NextDouble() * 1e6 - 5e5),
                    4 => Cell.Bool(column, random.Next(2) == 0),
                    _ => Cell.Error(column, "#N/A"),
                };
                if (random.Next(5) == 0) cell = cell with { Formula = "SUM(A1:A" + random.Next(9) + ")" };
                if (random.Next(7) == 0) cell = cell with { Link = "https://example.com/" + RandomText(random, 5) };
                if (random.Next(9) == 0) cell = cell with { NumberFormat = formats[random.Next(formats.Length)] };
                cells.Add(cell);
            }
            rows.Add(new StoredRow(row, [.. cells]));
        }
        return [.. rows];
    }

    /// <summary>ASCII, CJK, astral and control characters (valid UTF-16: a lone surrogate does not survive UTF-8 anyway).</summary>
    private static string RandomText(Random random, int maxLength)
    {
        var text = new StringBuilder();
        for (var n = random.Next(maxLength + 1); n > 0; n--)
        {
            switch (random.Next(4))
            {
                case 0: text.Append((char)random.Next(0x20, 0x7F)); break;
                case 1: text.Append((char)random.Next(0x4E00, 0x9FA5)); break;
                case 2: text.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1F64F))); break;
                default: text.Append((char)random.Next(0, 0x20)); break;
            }
        }
        return text.ToString();
    }

    private static void AssertRowsEqual(IReadOnlyList<StoredRow> expected, IReadOnlyList<StoredRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Row, actual[i].Row);
            AssertCellsEqual(expected[i].Cells, actual[i].Cells);
        }
    }

    /// <summary>Numbers compare by their bits: -0.0 and NaN payloads must survive too.</summary>
    private static void AssertCellsEqual(Cell[] expected, Cell[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Number), BitConverter.DoubleToInt64Bits(actual[i].Number));
            Assert.Equal(expected[i] with { Number = 0 }, actual[i] with { Number = 0 });
        }
    }

    private static List<int> FindAll(byte[] data, byte[] value)
    {
        var found = new List<int>();
        for (var at = data.AsSpan().IndexOf(value); at >= 0;)
        {
            found.Add(at);
            var next = data.AsSpan(at + 1).IndexOf(value);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found;
    }
}
