namespace XpFlywheel.Core.Matching;

/// <summary>The first outcome of a placement carrying a client order id, replayed to retries.</summary>
internal readonly record struct ClientOrderRecord(PlaceOrder Command, CommandStatus Status, RejectReason Reason, long OrderId);
