namespace ChatHub.Resp.Protocol;

/// <summary>What <see cref="RespFrameScanner.Scan"/> found.</summary>
public enum RespScanStatus
{
    /// <summary>The buffer holds the start of a frame but not all of it. Not an error: read more and scan again.</summary>
    NeedMoreData,

    /// <summary>The buffer starts with one whole frame, of the reported length.</summary>
    Done,
}
