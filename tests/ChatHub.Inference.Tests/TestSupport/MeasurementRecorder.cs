using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>Keeps every int and long measurement of one <see cref="TestMeterFactory"/>'s instruments, with its tags.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MeasurementRecorder(TestMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>Reads the observable instruments (gauges) once; their values join the recorded measurements.</summary>
    public void CollectObservables() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(
            instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture))));

    internal sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);
}
