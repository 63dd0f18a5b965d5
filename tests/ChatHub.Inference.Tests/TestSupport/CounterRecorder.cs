using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>Sums long counters of one <see cref="TestMeterFactory"/> by instrument name and tag value.</summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public CounterRecorder(TestMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                _totals.AddOrUpdate($"{instrument.Name}|{tag.Key}={tag.Value}", value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    public long Total(string instrument, string tag, string value) =>
        _totals.GetValueOrDefault($"{instrument}|{tag}={value}");

    public void Dispose() => _listener.Dispose();
}
