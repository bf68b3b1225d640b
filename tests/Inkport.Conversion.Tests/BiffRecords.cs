namespace Inkport.Conversion.Tests;

/// <summary>A bare BIFF record stream written by hand (id, length, body per record), for the record
/// constructs no fixture file holds.</summary>
internal sealed class BiffRecords
{
    private readonly MemoryStream _bytes = new();

    public void Add(int id, params byte[] body)
    {
        _bytes.Write([(byte)id, (byte)(id >> 8), (byte)body.Length, (byte)(body.Length >> 8)]);
        _bytes.Write(body);
    }

    public MemoryStream Open() => new(_bytes.ToArray());
}
