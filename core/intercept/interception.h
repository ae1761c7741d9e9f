#pragma once

#include "intercept/breakpoint.h"
#include "intercept/interceptrule.h"
#include "messages/framing.h"
#include "relay/traffichandler.h"

#include <QtCore/QList>
#include <QtCore/QObject>

class ProxySession;

// The window's side of a session's interception (docs/intercept.md): its breakpoints, and the
// messages they hold as the relay thread reports them. What it asks of the relay is queued to
// the relay thread; nothing here waits on it, and the traffic never waits on the window but for
// a held message.
class Interception final : public QObject
{
    Q_OBJECT

public:
    // `breakpoints`: set before the first byte (pipescope --break).
    explicit Interception(const FramingChoice &framing, const QList<Breakpoint> &breakpoints = {},
                          QObject *parent = nullptr);

    // For RelayConfig::trafficHandler: the session's interceptor, reporting to this object.
    TrafficHandlerFactory factory();
    // The session the factory went to, once it started.
    void attach(ProxySession *session) { m_session = session; }

    // The rules in force from now on (docs/rules.md), and the JSON they were read from, for the
    // window to show. Set before factory() for rules from the first byte (pipescope --rules); set
    // later, each rule counts its matches (`times`) and draws its chances afresh.
    void setRules(const QList<InterceptRule> &rules, const QByteArray &json);
    const QList<InterceptRule> &rules() const { return m_rules; }
    const QByteArray &rulesJson() const { return m_rulesJson; }

    void setBreakpoints(const QList<Breakpoint> &breakpoints);
    const QList<Breakpoint> &breakpoints() const { return m_breakpoints; }
    // Held now, oldest first, as last reported.
    const QList<HeldMessage> &held() const { return m_held; }
    void release(qint64 heldId, const HeldRelease &how);
    void releaseAll();
    // A message of pipescope's own (TrafficInterceptor::inject): to the child (Stdin) or to
    // the parent (Stdout); `raw`: the bytes as they are, unframed.
    void inject(Stream towards, const QByteArray &body, bool raw = false);

signals:
    void heldChanged();

private:
    void call(const std::function<void(class TrafficInterceptor &)> &what);

    QList<InterceptRule> m_rules;
    QByteArray m_rulesJson;
    FramingChoice m_framing;
    ProxySession *m_session = nullptr;
    QList<Breakpoint> m_breakpoints;
    QList<HeldMessage> m_held;
};
