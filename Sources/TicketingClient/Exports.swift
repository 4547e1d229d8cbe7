// APIClient's own API hands out HTTPClient, WebSocketClient, ClientResponse and TLSOptions, so a
// module that speaks to QueueTicket through this one gets the networking types with it.
@_exported import TicketingNet
