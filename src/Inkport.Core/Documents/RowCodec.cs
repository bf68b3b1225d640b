using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Inkport.Conversion.Model;

namespace Inkport.Core.Documents;

/// <summary>The stored encoding of a chunk of sheet rows or bitable records: a compact binary form, since a
/// spreadsheet's parts are almost all cells and JSON costs ~56 bytes per cell (property names, escaped CJK,
/// the same number format repeated in every date cell).
/// <code>
/// chunk  = version:u8 kind:u8 strings:varint (len:varint utf8)* rows:varint row*
/// row    = key cells:varint cell*          key = row-delta:varint (rows) | len:varint utf8 (records)
/// cell   = column-delta:varint flags:u8 [text] [number] [formula:varint] [format:varint] [link:varint]
/// flags  = type (bits 0-1) | text 4 | formula 8 | format 16 | link 32 | number: none 0, double 64, zigzag varint 128
/// </code>
/// Deltas are from the previous row (−1 first) and the previous column (−1 first) plus one, so consecutive
/// rows and columns cost one byte. Formulas, number formats and links are indexes into the chunk's string
/// table: a format is typically shared by a whole column. Integral numbers that round-trip exactly are
/// zigzag varints. Chunks written as JSON before this encoding (starting with '[') still read.</summary>
public static class RowCodec
{
    public const byte Version = 1;
    private const byte RowKind = 1;
    private const byte RecordKind = 2;

    private const int TypeMask = 3;
    private const int HasText = 4;
    private const int HasFormula = 8;
    private const int HasFormat = 16;
    private const int HasLink = 32;
    private const int NumberDouble = 64;
    private const int NumberVarint = 128;

    /// <summary>Largest magnitude stored as a varint: every integer up to 2^53 is an exact double.</summary>
    private const double MaxExactInteger = 9007199254740992d;

    public static StoredRow[] ReadRows(byte[] data)
    {
        if (data.Length > 0 && data[0] == (byte)'[') return PartJson.Deserialize<StoredRow[]>(data);
        var reader = new Reader(data, RowKind);
        var rows = new StoredRow[reader.Count];
        var previous = -1L;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = previous + 1 + reader.Delta("row");
            if (row > int.MaxValue) throw Corrupt("row index out of range");
            rows[i] = new StoredRow((int)row, reader.Cells());
            previous = row;
        }
        reader.End();
        return rows;
    }

    public static StoredRecord[] ReadRecords(byte[] data)
    {
        if (data.Length > 0 && data[0] == (byte)'[') return PartJson.Deserialize<StoredRecord[]>(data);
        var reader = new Reader(data, RecordKind);
        var records = new StoredRecord[reader.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var id = reader.String();
            records[i] = new StoredRecord(id, reader.Cells());
        }
        reader.End();
        return records;
    }

    public static byte[] WriteRows(IEnumerable<StoredRow> rows)
    {
        using var writer = ChunkWriter.ForRows();
        foreach (var row in rows) writer.AddRow(row.Row, row.Cells);
        return writer.ToArray();
    }

    public static byte[] WriteRecords(IEnumerable<StoredRecord> records)
    {
        using var writer = ChunkWriter.ForRecords();
        foreach (var record in records) writer.AddRecord(record.RecordId, record.Cells);
        return writer.ToArray();
    }

    private static InvalidDataException Corrupt(string why) => new($"stored row chunk is corrupt: {why}");

    /// <summary>Encodes rows as they arrive into a pooled buffer (no per-row allocation); <see cref="ToArray"/>
    /// produces one chunk's part and starts the next. Dispose returns the buffer to the pool.</summary>
    public sealed class ChunkWriter : IDisposable
    {
        private readonly byte _kind;
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly List<string> _stringOrder = [];
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _length;
        private long _previousRow = -1;

        private ChunkWriter(byte kind) => _kind = kind;

        public static ChunkWriter ForRows() => new(RowKind);
        public static ChunkWriter ForRecords() => new(RecordKind);

        /// <summary>Rows (or records) in the current chunk.</summary>
        public int Count { get; private set; }

        /// <summary>Bytes of the current chunk's rows so far (the string table not included).</summary>
        public int Length => _length;

        public void AddRow(int row, IReadOnlyList<Cell> cells)
        {
            if (_kind != RowKind) throw new InvalidOperationException("a record chunk holds records");
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(row, _previousRow);
            WriteVarInt((ulong)(row - _previousRow - 1));
            _previousRow = row;
            WriteCells(cells);
        }

        public void AddRecord(string recordId, IReadOnlyList<Cell> cells)
        {
            if (_kind != RecordKind) throw new InvalidOperationException("a row chunk holds rows");
            WriteString(recordId);
            WriteCells(cells);
        }

        /// <summary>The chunk's bytes (header, string table, rows), exactly sized; the writer is empty again.</summary>
        public byte[] ToArray()
        {
            var headerLength = 2 + VarIntLength((ulong)_stringOrder.Count) + VarIntLength((ulong)Count);
            foreach (var value in _stringOrder)
            {
                var bytes = Encoding.UTF8.GetByteCount(value);
                headerLength += VarIntLength((ulong)bytes) + bytes;
            }
            var result = new byte[headerLength + _length];
            var at = 0;
            result[at++] = Version;
            result[at++] = _kind;
            at += PutVarInt(result.AsSpan(at), (ulong)_stringOrder.Count);
            foreach (var value in _stringOrder)
            {
                var bytes = Encoding.UTF8.GetByteCount(value);
                at += PutVarInt(result.AsSpan(at), (ulong)bytes);
                at += Encoding.UTF8.GetBytes(value, result.AsSpan(at));
            }
            at += PutVarInt(result.AsSpan(at), (ulong)Count);
            _buffer.AsSpan(0, _length).CopyTo(result.AsSpan(at));

            _length = 0;
            Count = 0;
            _previousRow = -1;
            _strings.Clear();
            _stringOrder.Clear();
            return result;
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = [];
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        }

        private void WriteCells(IReadOnlyList<Cell> cells)
        {
            Count++;
            WriteVarInt((ulong)cells.Count);
            var previousColumn = -1L;
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (cell.Column <= previousColumn) throw new ArgumentException("cells must be in ascending column order", nameof(cells));
                WriteVarInt((ulong)(cell.Column - previousColumn - 1));
                previousColumn = cell.Column;

                var flags = (int)cell.Type & TypeMask;
                if ((int)cell.Type > TypeMask) throw new ArgumentException($"unknown cell type {cell.Type}", nameof(cells));
                if (cell.Text is not null) flags |= HasText;
                if (cell.Formula is not null) flags |= HasFormula;
                if (cell.NumberFormat is not null) flags |= HasFormat;
                if (cell.Link is not null) flags |= HasLink;
                var number = cell.Number;
                var asInteger = IsCompactInteger(number);
                if (asInteger && number != 0) flags |= NumberVarint;
                else if (!asInteger) flags |= NumberDouble;

                Ensure(1);
                _buffer[_length++] = (byte)flags;
                if (cell.Text is not null) WriteString(cell.Text);
                if ((flags & NumberVarint) != 0) WriteVarInt(ZigZag((long)number));
                else if ((flags & NumberDouble) != 0)
                {
                    Ensure(8);
                    BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), number);
                    _length += 8;
                }
                if (cell.Formula is not null) WriteVarInt((ulong)Intern(cell.Formula));
                if (cell.NumberFormat is not null) WriteVarInt((ulong)Intern(cell.NumberFormat));
                if (cell.Link is not null) WriteVarInt((ulong)Intern(cell.Link));
            }
        }

        /// <summary>Integral, within ±2^53, and not −0: the varint form reads back as the same double bits.</summary>
        private static bool IsCompactInteger(double value) =>
            Math.Abs(value) <= MaxExactInteger && Math.Floor(value) == value && !(value == 0 && double.IsNegative(value));

        private int Intern(string value)
        {
            if (_strings.TryGetValue(value, out var index)) return index;
            index = _stringOrder.Count;
            _strings.Add(value, index);
            _stringOrder.Add(value);
            return index;
        }

        private void WriteString(string value)
        {
            // Up to 42 chars make at most 126 bytes, whose length is one varint byte: encode once, in place.
            if (value.Length <= 42)
            {
                Ensure(1 + 3 * value.Length);
                var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 1));
                _buffer[_length] = (byte)written;
                _length += 1 + written;
                return;
            }
            var bytes = Encoding.UTF8.GetByteCount(value);
            WriteVarInt((ulong)bytes);
            Ensure(bytes);
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        }

        private void WriteVarInt(ulong value)
        {
            Ensure(10);
            _length += PutVarInt(_buffer.AsSpan(_length), value);
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int VarIntLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80) { value >>= 7; length++; }
        return length;
    }

    private static int PutVarInt(Span<byte> target, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            target[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        target[at++] = (byte)value;
        return at;
    }

    /// <summary>Reads one chunk; every length and index is checked, so damaged data fails as InvalidDataException.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly string[] _strings;
        private int _at;

        public Reader(byte[] data, byte kind)
        {
            _data = data;
            if (data.Length < 2) throw Corrupt("too short");
            if (data[0] != Version) throw Corrupt($"unknown format {data[0]}");
            if (data[1] != kind) throw Corrupt($"kind {data[1]} where {kind} was expected");
            _at = 2;
            _strings = new string[Length("string table")];
            for (var i = 0; i < _strings.Length; i++) _strings[i] = String();
            Count = Length("row count");
        }

        public int Count { get; }

        public ulong VarInt()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _data.Length) throw Corrupt("truncated number");
                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw Corrupt("number too long");
        }

        /// <summary>The step from the previous row or column, which keeps the index within int.</summary>
        public long Delta(string what)
        {
            var value = VarInt();
            if (value >= int.MaxValue) throw Corrupt($"{what} index out of range");
            return (long)value;
        }

        /// <summary>A count or length: never more than the bytes left, so a damaged count cannot allocate much.</summary>
        private int Length(string what)
        {
            var value = VarInt();
            if (value > (ulong)(_data.Length - _at)) throw Corrupt($"{what} {value} beyond the data");
            return (int)value;
        }

        public string String()
        {
            var length = Length("string length");
            var value = Encoding.UTF8.GetString(_data.Slice(_at, length));
            _at += length;
            return value;
        }

        private string Interned()
        {
            var index = VarInt();
            if (index >= (ulong)_strings.Length) throw Corrupt($"string {index} not in the table");
            return _strings[index];
        }

        public Cell[] Cells()
        {
            var cells = new Cell[Length("cell count")];
            var previousColumn = -1L;
            for (var i = 0; i < cells.Length; i++)
            {
                var column = previousColumn + 1 + Delta("column");
                if (column > int.MaxValue) throw Corrupt("column index out of range");
                previousColumn = column;
                if (_at >= _data.Length) throw Corrupt("truncated cell");
                int flags = _data[_at++];
                var text = (flags & HasText) != 0 ? String() : null;
                double number = 0;
                if ((flags & NumberVarint) != 0) number = UnZigZag(VarInt());
                else if ((flags & NumberDouble) != 0)
                {
                    if (_at + 8 > _data.Length) throw Corrupt("truncated number");
                    number = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_at, 8));
                    _at += 8;
                }
                cells[i] = new Cell((int)column, (CellType)(flags & TypeMask), text, number)
                {
                    Formula = (flags & HasFormula) != 0 ? Interned() : null,
                    NumberFormat = (flags & HasFormat) != 0 ? Interned() : null,
                    Link = (flags & HasLink) != 0 ? Interned() : null,
                };
            }
            return cells;
        }

        public readonly void End()
        {
            if (_at != _data.Length) throw Corrupt($"{_data.Length - _at} bytes after the last row");
        }
    }
}
