/* Frame types of the gateway's protocol with its server (the modem driver carries them). */
#ifndef NET_PROTOCOL_H
#define NET_PROTOCOL_H

#define NET_TYPE_ACK 0x01u
#define NET_TYPE_HEARTBEAT 0x02u
#define NET_TYPE_DATA 0x10u
#define NET_TYPE_COMMAND 0x11u

#endif /* NET_PROTOCOL_H */
